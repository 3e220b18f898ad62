# sluice quiesce: stop the old pods before the migration (strategies scale-down and delete).
# SLUICE_TARGETS: lines "kind name selector" (selector in kubectl -l syntax).
set -u
key="$SLUICE_MIGRATION"; record="$SLUICE_RECORD"; mode="$SLUICE_STRATEGY"
timeout="${SLUICE_TIMEOUT:-300}"; poll="${SLUICE_POLL_SECONDS:-2}"
missing() { case "$1" in *NotFound*) return 0;; esac; return 1; }
fail() { echo "sluice: $1" >&2; exit 1; }

# run only on change: an applied migration never stops the app
if out=$(kubectl get configmap "$record" -o "jsonpath={.data.$key}" 2>&1); then
  case "$out" in succeeded*) echo "sluice: migration $key already succeeded ($out): nothing to stop"; exit 0;; esac
elif ! missing "$out"; then
  fail "cannot read ConfigMap $record: $out"
fi

stopped=""
restore_on_failure() {
  [ "$mode" = scale-down ] || return 0
  for t in $stopped; do
    kind=${t%%/*}; name=${t#*/}
    saved=$(kubectl get "$kind" "$name" -o 'jsonpath={.metadata.annotations.sluice\.dev/replicas-before-quiesce}' 2>/dev/null)
    if [ "$kind" = cronjob ]; then
      kubectl patch cronjob "$name" --type merge -p '{"spec":{"suspend":false}}' >/dev/null 2>&1 \
        && echo "sluice: resumed cronjob/$name" >&2
    elif [ -n "$saved" ]; then
      kubectl scale "$kind" "$name" --replicas="$saved" >/dev/null 2>&1 \
        && echo "sluice: restored $kind/$name to $saved replicas" >&2
    fi
  done
}

echo "$SLUICE_TARGETS" | while read -r kind name selector; do
  [ -n "$kind" ] || continue
  if [ "$mode" = delete ]; then
    echo "sluice: deleting $kind/$name (foreground: its pods go first)"
    out=$(kubectl delete "$kind" "$name" --cascade=foreground --wait=true --ignore-not-found \
      --timeout="${timeout}s" 2>&1) || fail "cannot delete $kind/$name: $out"
    continue
  fi
  if ! cur=$(kubectl get "$kind" "$name" -o 'jsonpath={.spec.replicas}' 2>&1); then
    if missing "$cur"; then echo "sluice: $kind/$name does not exist yet: nothing to stop"; continue; fi
    fail "cannot read $kind/$name: $cur"
  fi
  if [ "$kind" = cronjob ]; then
    out=$(kubectl patch cronjob "$name" --type merge -p '{"spec":{"suspend":true}}' 2>&1) \
      || fail "cannot suspend cronjob/$name: $out"
    echo "sluice: suspended cronjob/$name"
  else
    if [ "${cur:-1}" != 0 ]; then
      # kept on the workload itself: Helm leaves annotations it did not set alone
      out=$(kubectl annotate "$kind" "$name" --overwrite "sluice.dev/replicas-before-quiesce=${cur:-1}" 2>&1) \
        || fail "cannot record the replica count of $kind/$name: $out"
    fi
    out=$(kubectl scale "$kind" "$name" --replicas=0 2>&1) || fail "cannot scale $kind/$name to 0: $out"
    echo "sluice: scaled $kind/$name to 0 (was ${cur:-1})"
  fi
  echo "$kind/$name" >> /tmp/sluice-stopped
done
status=$?
stopped=$(cat /tmp/sluice-stopped 2>/dev/null)
if [ "$status" != 0 ]; then restore_on_failure; exit 1; fi

# wait until no old pod runs: the migration must not share the database with old code
start=$(date +%s)
echo "$SLUICE_TARGETS" | while read -r kind name selector; do
  [ -n "$kind" ] || continue
  while :; do
    if ! pods=$(kubectl get pods -l "$selector" -o name 2>&1); then
      fail "cannot list the pods of $kind/$name: $pods"
    fi
    [ -z "$pods" ] && break
    if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
      fail "gave up after ${timeout}s: pods of $kind/$name still exist: $(echo $pods)"
    fi
    sleep "$poll"
  done
  echo "sluice: no pod of $kind/$name is left"
done
if [ $? != 0 ]; then restore_on_failure; exit 1; fi
echo "sluice: old pods stopped; the migration may run"
