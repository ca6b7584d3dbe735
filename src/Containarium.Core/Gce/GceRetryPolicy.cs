using System;
using System.Threading;
using System.Threading.Tasks;

namespace Containarium.Core.Gce
{
    /// <summary>
    /// Bounded retries with exponential backoff and jitter for 429, 5xx and dropped connections. Retry-After is
    /// honoured (up to <see cref="MaxRetryAfter"/>). The delay and the random source are injectable so tests never sleep.
    /// </summary>
    public sealed class GceRetryPolicy
    {
        /// <summary>Attempts in all, the first included (so 5 = one try and up to four retries).</summary>
        public int MaxAttempts { get; set; } = 5;

        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Longest Retry-After the client will wait; a longer one is clipped to this.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(120);

        /// <summary>How the client waits (default Task.Delay).</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (d, ct) => Task.Delay(d, ct);

        /// <summary>Uniform [0,1) source for jitter.</summary>
        public Func<double> Random { get; set; } = CreateRandom();

        /// <summary>
        /// Delay before retry number <paramref name="retry"/> (1-based): exponential, capped, "equal jitter"
        /// (half fixed, half random); never shorter than the server's Retry-After.
        /// </summary>
        public TimeSpan NextDelay(int retry, TimeSpan? retryAfter)
        {
            var exp = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
            var capped = Math.Min(exp, MaxDelay.TotalMilliseconds);
            var jittered = capped / 2 + capped / 2 * Math.Max(0, Math.Min(1, Random()));
            var delay = TimeSpan.FromMilliseconds(jittered);
            if (retryAfter.HasValue)
            {
                var ra = retryAfter.Value < TimeSpan.Zero ? TimeSpan.Zero : retryAfter.Value;
                if (ra > MaxRetryAfter) ra = MaxRetryAfter;
                if (ra > delay) delay = ra;
            }
            return delay;
        }

        private static Func<double> CreateRandom()
        {
            var rng = new Random();
            var gate = new object();
            return () => { lock (gate) return rng.NextDouble(); };
        }
    }
}
