# sluice after old pods: the migration pod's step before `migrate` where hooks are not run (strategy
# scale-down): wait until the Job that waits for the old pods ($SLUICE_JOB, labelled with this
# revision's hash) has completed; its failure fails the migration, which then never runs.
set -u
key="$SLUICE_MIGRATION"; job="$SLUICE_JOB"
timeout="${SLUICE_TIMEOUT:-900}"; start=$(date +%s); said=""
missing() { case "$1" in *NotFound*) return 0;; esac; return 1; }
while :; do
  if out=$(kubectl get job "$job" -o 'jsonpath={.metadata.labels.sluice\.dev/migration}{"\n"}{range .status.conditions[?(@.status=="True")]}{.type}{"|"}{.reason}{"|"}{.message}{"\n"}{end}' 2>&1); then
    label=$(printf '%s\n' "$out" | head -n 1)
    if [ "$label" != "$key" ]; then
      msg="waiting for Job $job of this revision (the one there is labelled ${label:-with no migration})"
    elif printf '%s\n' "$out" | grep -q '^Complete|'; then
      echo "sluice: no old pod runs (Job $job is complete); migrating"; exit 0
    elif printf '%s\n' "$out" | grep -q '^Failed|'; then
      echo "sluice: Job $job failed ($(printf '%s\n' "$out" | grep '^Failed|' | cut -d'|' -f2- | tr '|' ':')): old pods may still run, so the migration does not start." >&2
      echo "sluice: see: kubectl logs job/$job -c quiesce" >&2
      exit 1
    else
      msg="waiting until no old pod runs (Job $job)"
    fi
  elif missing "$out"; then
    msg="waiting for Job $job to be created"
  else
    msg="cannot read Job $job: $out"
  fi
  if [ "$msg" != "$said" ]; then echo "sluice: $msg"; said="$msg"; fi
  if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
    echo "sluice: gave up after ${timeout}s: Job $job has not completed, so old pods may still run; the migration does not start" >&2
    exit 1
  fi
  sleep "${SLUICE_POLL_SECONDS:-2}"
done
