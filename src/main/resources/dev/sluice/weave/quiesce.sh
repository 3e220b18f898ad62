# sluice quiesce: stop the old pods before the migration (strategies scale-down and delete).
# SLUICE_TARGETS: lines "kind name selector" (selector in kubectl -l syntax; none for a CronJob, whose
# pods are found through its active Jobs: they need no labels, and carry the old revision's if any).
set -u
key="$SLUICE_MIGRATION"; record="$SLUICE_RECORD"; mode="$SLUICE_STRATEGY"
timeout="${SLUICE_TIMEOUT:-300}"; poll="${SLUICE_POLL_SECONDS:-2}"
missing() { case "$1" in *NotFound*) return 0;; esac; return 1; }
stopped=""
# "cronjob/job" for every Job seen active: their pods are waited for once the CronJob lists none
seen_jobs=""
fail() { echo "sluice: $1" >&2; give_back; exit 1; }

# on failure, give back what this Job stopped (what it deleted, the rollback or the next upgrade recreates)
give_back() {
  for t in $stopped; do
    kind=${t%%/*}; rest=${t#*/}; name=${rest%%=*}; was=${rest#*=}
    if [ "$kind" = cronjob ]; then
      if out=$(kubectl patch cronjob "$name" --type merge -p '{"metadata":{"annotations":{"sluice.dev/suspended-by-quiesce":null}},"spec":{"suspend":false}}' 2>&1); then
        echo "sluice: resumed cronjob/$name" >&2
      else
        echo "sluice: could not resume cronjob/$name (the restore hook does after a rollback): $out" >&2
      fi
    elif [ "$was" != 0 ]; then
      if ! out=$(kubectl scale "$kind" "$name" --replicas="$was" 2>&1); then
        echo "sluice: could not restore $kind/$name to $was replicas (the restore hook does after a rollback): $out" >&2
      else
        echo "sluice: restored $kind/$name to $was replicas" >&2
        out=$(kubectl annotate "$kind" "$name" "sluice.dev/replicas-before-quiesce-" 2>&1) \
          || echo "sluice: warning: could not remove the annotation sluice.dev/replicas-before-quiesce of $kind/$name: $out" >&2
      fi
    fi
  done
}

# run only on change: an applied migration never stops the app
if out=$(kubectl get configmap "$record" -o "jsonpath={.data.$key}" 2>&1); then
  case "$out" in succeeded*) echo "sluice: migration $key already succeeded ($out): nothing to stop"; exit 0;; esac
elif ! missing "$out"; then
  fail "cannot read ConfigMap $record: $out"
fi

# active_jobs: remembers the running Jobs of cronjob $name and sets "active" to them (empty when none or gone)
active_jobs() {
  if active=$(kubectl get cronjob "$name" -o 'jsonpath={.status.active[*].name}' 2>&1); then
    for j in $active; do
      case " $seen_jobs " in *" $name/$j "*) ;; *) seen_jobs="$seen_jobs $name/$j";; esac
    done
  elif missing "$active"; then
    active=""
  else
    fail "cannot read cronjob/$name: $active"
  fi
}

while read -r kind name selector; do
  [ -n "$kind" ] || continue
  if [ "$mode" = delete ]; then
    # its running Jobs, before the CronJob (and with it, their record in status.active) goes
    [ "$kind" != cronjob ] || active_jobs
    echo "sluice: deleting $kind/$name (foreground: its pods go first)"
    # no --wait: that needs list and watch on the workloads; their pods and the object are polled below
    out=$(kubectl delete "$kind" "$name" --cascade=foreground --wait=false --ignore-not-found 2>&1) \
      || fail "cannot delete $kind/$name: $out"
    continue
  fi
  if [ "$kind" = cronjob ]; then
    if ! cur=$(kubectl get cronjob "$name" -o 'jsonpath={.spec.suspend}' 2>&1); then
      if missing "$cur"; then echo "sluice: cronjob/$name does not exist yet: nothing to stop"; continue; fi
      fail "cannot read cronjob/$name: $cur"
    fi
    # suspended by someone else: not resumed afterwards either
    if [ "$cur" = true ]; then echo "sluice: cronjob/$name is suspended already"; continue; fi
    out=$(kubectl patch cronjob "$name" --type merge -p '{"metadata":{"annotations":{"sluice.dev/suspended-by-quiesce":"true"}},"spec":{"suspend":true}}' 2>&1) \
      || fail "cannot suspend cronjob/$name: $out"
    stopped="$stopped cronjob/$name"
    echo "sluice: suspended cronjob/$name"
    continue
  fi
  if ! cur=$(kubectl get "$kind" "$name" -o 'jsonpath={.spec.replicas}' 2>&1); then
    if missing "$cur"; then echo "sluice: $kind/$name does not exist yet: nothing to stop"; continue; fi
    fail "cannot read $kind/$name: $cur"
  fi
  # the API server defaults spec.replicas (to 1) and an HPA keeps it current: never empty in practice
  cur="${cur:-1}"
  if [ "$cur" != 0 ]; then
    # kept on the workload itself: Helm leaves annotations it did not set alone. At 0, an annotation
    # left by an earlier, failed attempt still holds the count to give back.
    out=$(kubectl annotate "$kind" "$name" --overwrite "sluice.dev/replicas-before-quiesce=$cur" 2>&1) \
      || fail "cannot record the replica count of $kind/$name: $out"
  fi
  out=$(kubectl scale "$kind" "$name" --replicas=0 2>&1) || fail "cannot scale $kind/$name to 0: $out"
  stopped="$stopped $kind/$name=$cur"
  echo "sluice: scaled $kind/$name to 0 (was $cur)"
done <<EOF
$SLUICE_TARGETS
EOF

# wait until no old pod runs: the migration must not share the database with old code
# (finished pods, such as a CronJob's completed runs or evicted pods, run nothing)
start=$(date +%s)
while read -r kind name selector; do
  [ -n "$kind" ] || continue
  while :; do
    left=""
    if [ "$kind" = cronjob ]; then
      # through its Jobs: a run's pods need no labels, and carry those of the revision that started it
      active_jobs
      [ -z "$active" ] || left="running Jobs: $active"
      jobs=""
      for j in $seen_jobs; do
        case "$j" in "$name"/*) jobs="$jobs${jobs:+,}${j#*/}";; esac
      done
      if [ -z "$left" ] && [ -n "$jobs" ]; then
        # a Job leaves status.active when it finishes; its pods may still be terminating
        pods=$(kubectl get pods -l "batch.kubernetes.io/job-name in ($jobs)" --field-selector=status.phase!=Succeeded,status.phase!=Failed -o name 2>&1) \
          || fail "cannot list the pods of $kind/$name: $pods"
        left=$(echo $pods)
      fi
    else
      pods=$(kubectl get pods -l "$selector" --field-selector=status.phase!=Succeeded,status.phase!=Failed -o name 2>&1) \
        || fail "cannot list the pods of $kind/$name: $pods"
      left=$(echo $pods)
    fi
    if [ -z "$left" ] && [ "$mode" = delete ]; then
      # foreground deletion: the object goes after its pods; Helm cannot recreate it before
      if out=$(kubectl get "$kind" "$name" -o name 2>&1); then
        left="$kind/$name is still being deleted"
      elif ! missing "$out"; then
        fail "cannot read $kind/$name: $out"
      fi
    fi
    [ -z "$left" ] && break
    if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
      fail "gave up after ${timeout}s: $kind/$name is not stopped: $left"
    fi
    sleep "$poll"
  done
  echo "sluice: no pod of $kind/$name is left"
done <<EOF
$SLUICE_TARGETS
EOF
echo "sluice: old pods stopped; the migration may run"
