#!/bin/sh
# Regenerates input.yaml: a ConfigMap whose field x is a flow sequence nested 10,000 deep (20 KB on one line).
cd "$(dirname "$0")"
{
  cat <<'YAML'
---
# Source: shop/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-env
data:
  APP_ENV: prod
---
# Source: shop/templates/deep.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: deep
YAML
  printf 'x: '
  i=0; while [ $i -lt 10000 ]; do printf '['; i=$((i + 1)); done
  i=0; while [ $i -lt 10000 ]; do printf ']'; i=$((i + 1)); done
  printf '\n'
  cat <<'YAML'
---
# Source: shop/templates/deployment-api.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
  labels:
    app.kubernetes.io/name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: api
  template:
    metadata:
      labels:
        app.kubernetes.io/name: api
    spec:
      containers:
        - name: api
          image: shop/api:1.0
        - name: nginx
          image: nginx:1.27
---
# Source: shop/templates/deployment-worker.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-worker
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: worker
  template:
    metadata:
      labels:
        app.kubernetes.io/name: worker
    spec:
      containers:
        - name: worker
          image: shop/api:1.0
YAML
} > input.yaml
