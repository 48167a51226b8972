using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace VectorReindex.Core.Http
{
    /// <summary>
    /// Round-robin over the configured nodes, skipping ones that recently refused connections;
    /// when all are marked dead the one that died longest ago is tried (a cluster may recover).
    /// </summary>
    internal sealed class NodePool
    {
        private readonly IReadOnlyList<Uri> _nodes;
        private readonly TimeSpan _deadTimeout;
        private readonly long[] _deadUntilTicks;
        private int _cursor = -1;

        public NodePool(IReadOnlyList<Uri> nodes, TimeSpan deadTimeout)
        {
            _nodes = nodes;
            _deadTimeout = deadTimeout;
            _deadUntilTicks = new long[nodes.Count];
        }

        public Uri Next()
        {
            var now = DateTime.UtcNow.Ticks;
            var start = Interlocked.Increment(ref _cursor) & int.MaxValue;
            for (var i = 0; i < _nodes.Count; i++)
            {
                var index = (start + i) % _nodes.Count;
                if (Interlocked.Read(ref _deadUntilTicks[index]) <= now) return _nodes[index];
            }
            var soonest = Enumerable.Range(0, _nodes.Count).OrderBy(i => Interlocked.Read(ref _deadUntilTicks[i])).First();
            return _nodes[soonest];
        }

        public void MarkDead(Uri node)
        {
            for (var i = 0; i < _nodes.Count; i++)
                if (_nodes[i] == node) Interlocked.Exchange(ref _deadUntilTicks[i], DateTime.UtcNow.Add(_deadTimeout).Ticks);
        }

        public void MarkAlive(Uri node)
        {
            for (var i = 0; i < _nodes.Count; i++)
                if (_nodes[i] == node) Interlocked.Exchange(ref _deadUntilTicks[i], 0);
        }
    }
}
