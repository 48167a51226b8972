using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VectorReindex.Core.Documents;
using VectorReindex.Core.DualWrite;

namespace VectorReindex.PowerShell
{
    /// <summary>A safe write through an alias (Write-VectorDocument, Remove-VectorDocument): routed by a DualWriter, batched, summarized.</summary>
    public abstract class DualWriteCmdlet : ClusterBoundCmdlet
    {
        private protected DualWriter? Writer { get; set; }

        private protected DualWriteSummary Summary { get; } = new DualWriteSummary();

        /// <summary>Sends one batch after ShouldProcess (naming both indexes), writing a non-terminating error per failed document.</summary>
        private protected void SendBatch(string alias, int count, string action, Func<CancellationToken, Task<IReadOnlyList<DocumentFailure>>> send)
        {
            var where = Writer!.Second != null ? $"{alias} ({Writer.Live}) and {Writer.Second}" : $"{alias} ({Writer.Live})";
            if (!ShouldProcess($"{count} document(s) in {where}", action)) return;
            foreach (var failure in RunOperation(send, alias))
                WriteError(ErrorCatalogue.FromDocument(failure));
        }
    }
}
