using System;
using System.Collections.Generic;
using System.Linq;

namespace Containarium.Core.Placement
{
    /// <summary>
    /// Placement across one pipeline run: each placement reserves its box's capacity at once, so the next row (on any
    /// thread) sees it; a failed creation gives it back with <see cref="Release"/>, a created box keeps it with
    /// <see cref="Commit"/>. Thread-safe: choose-and-reserve is one step under a lock, so parallel rows can never
    /// together exceed a backend's capacity. 30 equal boxes over 3 equal empty backends land 10/10/10 under Spread.
    /// </summary>
    public sealed class PlacementSession
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, BackendSnapshot> _backends;
        private readonly PlacementSettings _settings;
        private long _nextId;

        public PlacementSession(IEnumerable<BackendSnapshot> backends, PlacementSettings? settings = null)
        {
            _settings = settings ?? PlacementSettings.Default;
            _backends = new Dictionary<string, BackendSnapshot>(StringComparer.OrdinalIgnoreCase);
            foreach (var b in backends)
            {
                if (_backends.ContainsKey(b.Name)) throw new ArgumentException($"Backend '{b.Name}' is listed twice.", nameof(backends));
                _backends.Add(b.Name, b);
            }
        }

        public PlacementSettings Settings => _settings;

        /// <summary>The backends as this session sees them now (snapshot plus live reservations).</summary>
        public IReadOnlyList<BackendSnapshot> Backends
        {
            get { lock (_gate) return _backends.Values.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToList(); }
        }

        /// <summary>Chooses and reserves in one step; on failure nothing is reserved and the decision says why.</summary>
        public PlacementDecision TryReserve(PlacementRequest request, out Reservation? reservation)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            lock (_gate)
            {
                var decision = PlacementPlanner.Choose(_backends.Values, request, _settings);
                reservation = null;
                if (!decision.Succeeded) return decision;
                var backend = _backends[decision.Backend!];
                reservation = new Reservation(_gate, ++_nextId, backend.Name, request, decision.Member);
                _backends[backend.Name] = backend.Adjust(reservation, +1);
                return decision;
            }
        }

        /// <summary>Like <see cref="TryReserve"/> but throws <see cref="PlacementException"/> when no backend fits.</summary>
        public Reservation Reserve(PlacementRequest request)
        {
            var decision = TryReserve(request, out var reservation);
            return reservation ?? throw new PlacementException(decision);
        }

        /// <summary>Gives a reservation's capacity back (creation failed). Releasing twice is harmless; a committed box cannot be released.</summary>
        public void Release(Reservation reservation)
        {
            lock (_gate)
            {
                Own(reservation);
                if (reservation.State == ReservationState.Released) return;
                if (reservation.State == ReservationState.Committed)
                    throw new InvalidOperationException($"Box '{reservation.BoxName}' was already committed on '{reservation.Backend}'.");
                _backends[reservation.Backend] = _backends[reservation.Backend].Adjust(reservation, -1);
                reservation.State = ReservationState.Released;
            }
        }

        /// <summary>The box was created: its capacity stays counted for the rest of the session.</summary>
        public void Commit(Reservation reservation)
        {
            lock (_gate)
            {
                Own(reservation);
                if (reservation.State == ReservationState.Released)
                    throw new InvalidOperationException($"Box '{reservation.BoxName}' was released and cannot be committed.");
                reservation.State = ReservationState.Committed;
            }
        }

        private void Own(Reservation reservation)
        {
            if (reservation == null) throw new ArgumentNullException(nameof(reservation));
            if (!ReferenceEquals(reservation.Owner, _gate))
                throw new ArgumentException("The reservation does not belong to this session.", nameof(reservation));
        }
    }
}
