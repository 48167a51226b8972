using System;

namespace VectorReindex.Core.Progress
{
    /// <summary>
    /// How far a long operation is: what Core reports through IProgress and the cmdlets turn into
    /// Write-Progress records.
    /// </summary>
    public sealed class OperationProgress
    {
        public OperationProgress(string activity, string status, long done, long? total, double? ratePerSecond = null)
        {
            Activity = activity;
            Status = status;
            Done = done;
            Total = total;
            RatePerSecond = ratePerSecond;
        }

        /// <summary>What is running, for example "Backfill products-v1 -> products-v2".</summary>
        public string Activity { get; }

        public string Status { get; }

        public long Done { get; }

        public long? Total { get; }

        public double? RatePerSecond { get; }

        /// <summary>0 to 100 when the total is known.</summary>
        public int? PercentComplete =>
            Total.HasValue && Total.Value > 0 ? (int)Math.Min(100, Done * 100 / Total.Value) : (int?)null;

        /// <summary>From the rate and what is left, when both are known.</summary>
        public int? SecondsRemaining =>
            Total.HasValue && RatePerSecond.HasValue && RatePerSecond.Value > 0
                ? (int)Math.Ceiling(Math.Max(0, Total.Value - Done) / RatePerSecond.Value)
                : (int?)null;

        /// <summary>True for the last report of an activity.</summary>
        public bool Completed { get; set; }

        /// <summary>True for the phases of a composed run (the whole rolling update); false for a stage's own progress.</summary>
        public bool IsPhase { get; set; }
    }
}
