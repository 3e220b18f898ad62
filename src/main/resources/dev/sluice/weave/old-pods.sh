# sluice old pods: where hooks are not run (Helm 3 post-renderer, kubectl apply), strategy scale-down.
# This Job is applied with the release; Kubernetes stops the old pods itself (Deployments roll with
# Recreate; a CronJob's new runs come from the new, gated template), and this Job waits until none runs.
# The migration Job waits for this one to complete before it migrates.
# Old: a pod without this revision's label sluice.dev/migration=<hash>, which sluice puts in the
# targets' pod templates. SLUICE_TARGETS: lines "kind name selector" (no selector for a CronJob, whose
# pods are found through its active Jobs: they need no labels).
set -u
key="$SLUICE_MIGRATION"; record="$SLUICE_RECORD"
timeout="${SLUICE_TIMEOUT:-300}"; poll="${SLUICE_POLL_SECONDS:-2}"
missing() { case "$1" in *NotFound*) return 0;; esac; return 1; }
fail() { echo "sluice: $1" >&2; exit 1; }

# run only on change: a recorded migration does not run again, so there is nothing to wait for
if out=$(kubectl get configmap "$record" -o "jsonpath={.data.$key}" 2>&1); then
  case "$out" in succeeded*) echo "sluice: migration $key already succeeded ($out): nothing to wait for"; exit 0;; esac
elif ! missing "$out"; then
  fail "cannot read ConfigMap $record: $out"
fi

start=$(date +%s)
while read -r kind name selector; do
  [ -n "$kind" ] || continue
  while :; do
    left=""
    if [ "$kind" = cronjob ]; then
      if ! active=$(kubectl get cronjob "$name" -o 'jsonpath={.status.active[*].name}' 2>&1); then
        missing "$active" || fail "cannot read cronjob/$name: $active"
        active=""
      fi
      jobs=$(echo $active | tr ' ' ',')
      if [ -n "$jobs" ]; then
        pods=$(kubectl get pods -l "batch.kubernetes.io/job-name in ($jobs),sluice.dev/migration!=$key" --field-selector=status.phase!=Succeeded,status.phase!=Failed -o name 2>&1) \
          || fail "cannot list the pods of $kind/$name: $pods"
        left=$(echo $pods)
      fi
    else
      pods=$(kubectl get pods -l "$selector,sluice.dev/migration!=$key" --field-selector=status.phase!=Succeeded,status.phase!=Failed -o name 2>&1) \
        || fail "cannot list the pods of $kind/$name: $pods"
      left=$(echo $pods)
    fi
    [ -z "$left" ] && break
    if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
      fail "gave up after ${timeout}s: old pods of $kind/$name still run: $left. The migration does not start while they run: see in the events of $kind/$name why they do not stop, then apply again"
    fi
    sleep "$poll"
  done
  echo "sluice: no old pod of $kind/$name runs"
done <<EOF
$SLUICE_TARGETS
EOF
echo "sluice: old pods stopped; the migration may run"
