# sluice record: once this revision's migration Job is complete, keep that fact beyond the Job's lifetime.
# Runs as sluice's own ServiceAccount, the only one allowed to write the record (gated pods only read it).
set -u
key="$SLUICE_MIGRATION"; record="$SLUICE_RECORD"; job="$SLUICE_JOB"
timeout="${SLUICE_TIMEOUT:-1200}"; start=$(date +%s); said=""
# sluice: job_state
# the same output applied again (or a Job its TTL removed, created again): recorded already, nothing to do
if out=$(kubectl get configmap "$record" -o "jsonpath={.data.$key}" 2>&1); then
  case "$out" in succeeded*) echo "sluice: migration $key is recorded already ($out): nothing to do"; exit 0;; esac
elif missing "$out" && [ "${SLUICE_POST_INSTALL:-}" = true ]; then
  # hooks that run before the release's objects on a first install (Argo CD's PreSync): the post-install run records
  echo "sluice: ConfigMap $record does not exist yet (first install: it comes with the release, after these hooks);"
  echo "sluice: the post-install run of this Job records migration $key"
  exit 0
elif missing "$out"; then
  echo "sluice: ConfigMap $record does not exist: it is created with the release, before this Job runs;" >&2
  echo "sluice: apply the whole output (or run the upgrade again) so that migration $key can be recorded" >&2
  exit 1
else
  echo "sluice: cannot read ConfigMap $record: $out" >&2
  exit 1
fi
while :; do
  job_state
  case "$state" in
    complete) break;;
    failed)
      echo "sluice: migration Job $job failed ($msg): nothing to record" >&2
      echo "sluice: see: kubectl logs job/$job -c migrate" >&2
      exit 1;;
  esac
  if [ "$msg" != "$said" ]; then echo "sluice: $msg"; said="$msg"; fi
  if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
    echo "sluice: gave up after ${timeout}s: migration Job $job has not completed; nothing recorded" >&2
    exit 1
  fi
  sleep "${SLUICE_POLL_SECONDS:-2}"
done
if out=$(kubectl patch configmap "$record" --type merge -p "{\"data\":{\"$key\":\"succeeded job=$job\"}}" 2>&1); then
  echo "sluice: recorded migration $key in ConfigMap $record"
  exit 0
fi
echo "sluice: could not record migration $key in ConfigMap $record: $out" >&2
exit 1
