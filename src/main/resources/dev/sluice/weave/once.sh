# sluice once: where hooks are ignored, the migration pod's first step: a recorded migration never runs again.
# The same output applied again, or a Job its TTL removed and an upgrade created again, stops here; the Job
# then fails at once by its podFailurePolicy (exit code 3), before the migration or any other container runs.
set -u
key="$SLUICE_MIGRATION"; record="$SLUICE_RECORD"
timeout="${SLUICE_TIMEOUT:-300}"; start=$(date +%s); said=""
while :; do
  if out=$(kubectl get configmap "$record" -o "jsonpath={.data.$key}" 2>&1); then
    case "$out" in
      succeeded*)
        echo "sluice: migration $key has run already ($out): not running it again; this Job ends here (exit code 3)"
        exit 3;;
    esac
    echo "sluice: migration $key is not recorded yet: it runs now"
    exit 0
  fi
  case "$out" in
    *NotFound*) echo "sluice: ConfigMap $record does not exist yet (first apply): migration $key runs now"; exit 0;;
  esac
  # anything else (forbidden, API unreachable): never run blind, never fail on a passing error
  if [ "$out" != "$said" ]; then echo "sluice: cannot read ConfigMap $record: $out"; said="$out"; fi
  if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
    echo "sluice: gave up after ${timeout}s: cannot tell whether migration $key has run; it does not run" >&2
    exit 1
  fi
  sleep "${SLUICE_POLL_SECONDS:-2}"
done
