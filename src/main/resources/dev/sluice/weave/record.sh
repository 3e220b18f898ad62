# sluice record: the migration container succeeded; keep that fact beyond the Job's lifetime.
set -u
key="$SLUICE_MIGRATION"; record="$SLUICE_RECORD"; job="$SLUICE_JOB"
if out=$(kubectl patch configmap "$record" --type merge -p "{\"data\":{\"$key\":\"succeeded job=$job\"}}" 2>&1); then
  echo "sluice: recorded migration $key in ConfigMap $record"
  exit 0
fi
case "$out" in
  *NotFound*)
    echo "sluice: ConfigMap $record does not exist yet (first install: Helm creates it after the hooks);"
    echo "sluice: the first gated pod records migration $key when it sees this Job complete"
    exit 0;;
esac
echo "sluice: could not record migration $key in ConfigMap $record: $out" >&2
exit 1
