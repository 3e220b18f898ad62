# sluice restore: after the upgrade (or a rollback), give every stopped workload its replicas back.
# An HPA does not act on a target at 0 replicas, so a Deployment without spec.replicas needs this.
# Every target is tried, whatever failed before it; any failure fails the Job at the end.
set -u
status=0
missing() { case "$1" in *NotFound*) return 0;; esac; return 1; }
problem() { echo "sluice: $1" >&2; status=1; }
while read -r kind name selector; do
  [ -n "$kind" ] || continue
  if [ "$kind" = cronjob ]; then
    # resumed only where quiesce suspended it: a CronJob suspended on purpose stays so
    if ! mark=$(kubectl get cronjob "$name" -o 'jsonpath={.metadata.annotations.sluice\.dev/suspended-by-quiesce}' 2>&1); then
      missing "$mark" || problem "cannot read cronjob/$name: $mark"
      continue
    fi
    [ "$mark" = true ] || continue
    if out=$(kubectl patch cronjob "$name" --type merge -p '{"metadata":{"annotations":{"sluice.dev/suspended-by-quiesce":null}},"spec":{"suspend":false}}' 2>&1); then
      echo "sluice: resumed cronjob/$name"
    else
      problem "cannot resume cronjob/$name: $out"
    fi
    continue
  fi
  if ! saved=$(kubectl get "$kind" "$name" -o 'jsonpath={.metadata.annotations.sluice\.dev/replicas-before-quiesce}' 2>&1); then
    missing "$saved" || problem "cannot read $kind/$name: $saved"
    continue
  fi
  [ -n "$saved" ] || continue
  if ! cur=$(kubectl get "$kind" "$name" -o 'jsonpath={.spec.replicas}' 2>&1); then
    problem "cannot read $kind/$name: $cur"
    continue
  fi
  if [ "$cur" = 0 ]; then
    if ! out=$(kubectl scale "$kind" "$name" --replicas="$saved" 2>&1); then
      problem "cannot scale $kind/$name to $saved: $out"
      continue
    fi
    echo "sluice: restored $kind/$name to $saved replicas"
  else
    echo "sluice: $kind/$name already runs $cur replicas"
  fi
  out=$(kubectl annotate "$kind" "$name" "sluice.dev/replicas-before-quiesce-" 2>&1) \
    || echo "sluice: warning: could not remove the annotation sluice.dev/replicas-before-quiesce of $kind/$name: $out" >&2
done <<EOF
$SLUICE_TARGETS
EOF
exit $status
