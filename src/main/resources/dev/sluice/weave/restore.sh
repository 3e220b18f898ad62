# sluice restore: after the upgrade (or a rollback), give every stopped workload its replicas back.
# An HPA does not act on a target at 0 replicas, so a Deployment without spec.replicas needs this.
set -u
status=0
echo "$SLUICE_TARGETS" | while read -r kind name selector; do
  [ -n "$kind" ] || continue
  if [ "$kind" = cronjob ]; then
    out=$(kubectl patch cronjob "$name" --type merge -p '{"spec":{"suspend":false}}' 2>&1) || {
      case "$out" in *NotFound*) continue;; esac
      echo "sluice: cannot resume cronjob/$name: $out" >&2; exit 1; }
    echo "sluice: resumed cronjob/$name"
    continue
  fi
  if ! saved=$(kubectl get "$kind" "$name" -o 'jsonpath={.metadata.annotations.sluice\.dev/replicas-before-quiesce}' 2>&1); then
    case "$saved" in *NotFound*) continue;; esac
    echo "sluice: cannot read $kind/$name: $saved" >&2; exit 1
  fi
  [ -n "$saved" ] || continue
  cur=$(kubectl get "$kind" "$name" -o 'jsonpath={.spec.replicas}' 2>&1) || { echo "sluice: cannot read $kind/$name: $cur" >&2; exit 1; }
  if [ "$cur" = 0 ]; then
    out=$(kubectl scale "$kind" "$name" --replicas="$saved" 2>&1) || { echo "sluice: cannot scale $kind/$name to $saved: $out" >&2; exit 1; }
    echo "sluice: restored $kind/$name to $saved replicas"
  else
    echo "sluice: $kind/$name already runs $cur replicas"
  fi
  kubectl annotate "$kind" "$name" "sluice.dev/replicas-before-quiesce-" >/dev/null 2>&1 || true
done || status=1
exit $status
