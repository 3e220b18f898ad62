# sluice gate: start this pod only once its revision's migration has succeeded (it reads; it never writes).
# The record Job, as sluice's own ServiceAccount, is the one that writes the record.
set -u
key="$SLUICE_MIGRATION"; record="$SLUICE_RECORD"; job="$SLUICE_JOB"
timeout="${SLUICE_TIMEOUT:-900}"; start=$(date +%s); said_cm=""; said_job=""
# sluice: job_state
while :; do
  if out=$(kubectl get configmap "$record" -o "jsonpath={.data.$key}" 2>&1); then
    case "$out" in succeeded*) echo "sluice: migration $key has succeeded ($out); starting"; exit 0;; esac
  elif ! missing "$out" && [ "$out" != "$said_cm" ]; then
    echo "sluice: cannot read ConfigMap $record: $out"; said_cm="$out"
  fi
  job_state
  case "$state" in
    complete) echo "sluice: migration Job $job is complete; starting"; exit 0;;
    failed)
      echo "sluice: migration Job $job failed ($msg); this pod will not start." >&2
      echo "sluice: see: kubectl logs job/$job -c migrate" >&2
      exit 1;;
  esac
  if [ "$msg" != "$said_job" ]; then echo "sluice: $msg"; said_job="$msg"; fi
  if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
    echo "sluice: gave up after ${timeout}s: migration $key (Job $job) has not succeeded" >&2
    exit 1
  fi
  sleep "${SLUICE_POLL_SECONDS:-2}"
done
