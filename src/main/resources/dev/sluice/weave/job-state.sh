missing() { case "$1" in *NotFound*) return 0;; esac; return 1; }
# job_state: reads Job $job; sets state (complete, failed or waiting) and msg (the Job's failure reason, or what
# it waits for). Where hooks run, one Job name serves every revision: only the Job labelled $key counts.
job_state() {
  if out=$(kubectl get job "$job" -o 'jsonpath={.metadata.labels.sluice\.dev/migration}{"\n"}{range .status.conditions[?(@.status=="True")]}{.type}{"|"}{.reason}{"|"}{.message}{"\n"}{end}' 2>&1); then
    label=$(printf '%s\n' "$out" | head -n 1)
    if [ "$label" != "$key" ]; then
      state=waiting; msg="waiting for migration Job $job of this revision (the one there runs migration ${label:-unknown})"
    elif printf '%s\n' "$out" | grep -q '^Complete|'; then
      state=complete; msg=""
    elif printf '%s\n' "$out" | grep -q '^Failed|'; then
      state=failed; msg=$(printf '%s\n' "$out" | grep '^Failed|' | cut -d'|' -f2- | tr '|' ':')
    else
      state=waiting; msg="waiting for migration Job $job to finish"
    fi
  elif missing "$out"; then
    state=waiting; msg="waiting for migration Job $job to be created"
  else
    state=waiting; msg="cannot read Job $job: $out"
  fi
}
