# sluice gate: start this pod only once its revision's migration has succeeded (it reads; it never writes).
set -u
key="$SLUICE_MIGRATION"; record="$SLUICE_RECORD"; job="$SLUICE_JOB"
timeout="${SLUICE_TIMEOUT:-900}"; start=$(date +%s); said_cm=""; said_job=""
missing() { case "$1" in *NotFound*) return 0;; esac; return 1; }
while :; do
  if out=$(kubectl get configmap "$record" -o "jsonpath={.data.$key}" 2>&1); then
    case "$out" in succeeded*) echo "sluice: migration $key has succeeded ($out); starting"; exit 0;; esac
  elif ! missing "$out" && [ "$out" != "$said_cm" ]; then
    echo "sluice: cannot read ConfigMap $record: $out"; said_cm="$out"
  fi
  # first line: the Job's migration label (where hooks run, one Job name serves every revision)
  if out=$(kubectl get job "$job" -o 'jsonpath={.metadata.labels.sluice\.dev/migration}{"\n"}{range .status.conditions[?(@.status=="True")]}{.type}{"|"}{.reason}{"|"}{.message}{"\n"}{end}' 2>&1); then
    label=$(printf '%s\n' "$out" | head -n 1)
    if [ "$label" != "$key" ]; then
      msg="waiting for migration Job $job of this revision (the one there runs migration ${label:-unknown})"
    elif printf '%s\n' "$out" | grep -q '^Complete|'; then
      # read only: the record Job, as sluice's own ServiceAccount, is the one that writes the record
      echo "sluice: migration Job $job is complete; starting"
      exit 0
    elif printf '%s\n' "$out" | grep -q '^Failed|'; then
      why=$(printf '%s\n' "$out" | grep '^Failed|' | cut -d'|' -f2- | tr '|' ':')
      echo "sluice: migration Job $job failed ($why); this pod will not start." >&2
      echo "sluice: see: kubectl logs job/$job -c migrate" >&2
      exit 1
    else
      msg="waiting for migration Job $job to finish"
    fi
  elif missing "$out"; then
    msg="waiting for migration Job $job to be created"
  else
    msg="cannot read Job $job: $out"
  fi
  if [ "$msg" != "$said_job" ]; then echo "sluice: $msg"; said_job="$msg"; fi
  if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
    echo "sluice: gave up after ${timeout}s: migration $key (Job $job) has not succeeded" >&2
    exit 1
  fi
  sleep "${SLUICE_POLL_SECONDS:-2}"
done
