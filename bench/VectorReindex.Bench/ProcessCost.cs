using System.Diagnostics;

namespace VectorReindex.Bench;

/// <summary>What one timed section cost: wall time, this process's CPU, the node's CPU, and this process's GC.</summary>
internal sealed class ProcessCost
{
    private readonly LocalNodeProcess _node;
    private readonly Stopwatch _clock;
    private readonly TimeSpan _selfCpu;
    private readonly TimeSpan _nodeCpu;
    private readonly int _gen0, _gen1, _gen2;
    private readonly TimeSpan _pause;
    private readonly long _allocated;

    private ProcessCost(LocalNodeProcess node)
    {
        _node = node;
        _selfCpu = Process.GetCurrentProcess().TotalProcessorTime;
        _nodeCpu = node.CpuTime;
        (_gen0, _gen1, _gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        _pause = GC.GetTotalPauseDuration();
        _allocated = GC.GetTotalAllocatedBytes(precise: false);
        _clock = Stopwatch.StartNew();
    }

    public static ProcessCost Start(LocalNodeProcess node) => new(node);

    public Result Stop()
    {
        var elapsed = _clock.Elapsed;
        var self = Process.GetCurrentProcess();
        return new Result(elapsed, self.TotalProcessorTime - _selfCpu, _node.CpuTime - _nodeCpu,
            GC.CollectionCount(0) - _gen0, GC.CollectionCount(1) - _gen1, GC.CollectionCount(2) - _gen2,
            GC.GetTotalPauseDuration() - _pause, GC.GetTotalAllocatedBytes(precise: false) - _allocated);
    }

    public sealed record Result(TimeSpan Elapsed, TimeSpan SelfCpu, TimeSpan NodeCpu, int Gen0, int Gen1, int Gen2, TimeSpan PauseTime, long AllocatedBytes);
}
