#!/usr/bin/env bash
# A fleetsim sweep as a Slurm job array: array task i runs shard i of SHARDS (`--shards` reads
# SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN), writing $OUT/shard-i-of-N/; a requeued
# task continues from its checkpoint (`--resume`). A merge job, held until every task succeeded,
# joins the shards into the tables a single run would have written.
#
#   scenarios/cluster/slurm-array.sh submit     # from the repository root: the array + the merge job
#   sbatch scenarios/cluster/slurm-array.sh     # the array alone (then: slurm-array.sh merge)
#
# Settings (environment): SCENARIO, SHARDS (must match --array when using sbatch directly), OUT,
# MERGED, FLEETSIM (the command; default `npx fleetsim`).
#SBATCH --job-name=fleetsim-sweep
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=02:00:00
#SBATCH --requeue
#SBATCH --output=slurm-%x-%A_%a.out
set -euo pipefail

SCENARIO=${SCENARIO:-scenarios/sweep-tools.yaml}
SHARDS=${SHARDS:-4}
OUT=${OUT:-results/sweep-tools-shards}
MERGED=${MERGED:-results/sweep-tools}
FLEETSIM=${FLEETSIM:-npx fleetsim}
export CI=${CI:-true} # no progress bar in Slurm logs

case "${1:-}" in
  submit)
    array=$(sbatch --parsable --array="0-$((SHARDS - 1))" --export=ALL "$0")
    sbatch --dependency="afterok:${array%%;*}" --job-name=fleetsim-merge --export=ALL --wrap "$0 merge"
    ;;
  merge)
    $FLEETSIM merge "$OUT" --out "$MERGED" --force
    ;;
  "")
    if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then echo "not an array task: submit with '$0 submit' or 'sbatch $0'" >&2; exit 2; fi
    exec $FLEETSIM run "$SCENARIO" --shards "$SHARDS" --out "$OUT" --resume --workers "${SLURM_CPUS_PER_TASK:-1}"
    ;;
  *)
    echo "usage: $0 [submit|merge]   (no argument inside an array task)" >&2
    exit 2
    ;;
esac
