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

        private bool _anySent;
        private bool _anyDeclined;

        /// <summary>The summary, unless every batch was declined (-WhatIf, or No at -Confirm): then nothing happened to report.</summary>
        private protected void WriteSummary()
        {
            if (_anySent || !_anyDeclined) WriteObject(Summary);
        }

        /// <summary>Sends one batch after ShouldProcess (naming both indexes), writing a non-terminating error per failed document.</summary>
        private protected void SendBatch(string alias, int count, string action, Func<CancellationToken, Task<IReadOnlyList<DocumentFailure>>> send)
        {
            var routing = Writer!.Routing;
            var where = routing.Second == null ? $"{routing.Alias} ({routing.Live})"
                : routing.IsCrossCluster ? $"{routing.Alias} ({routing.Live}) on cluster {routing.LiveCluster.Name} and {routing.Second} on cluster {routing.SecondCluster!.Name}"
                : $"{routing.Alias} ({routing.Live}) and {routing.Second}";
            if (!ShouldProcess($"{count} document(s) in {where}", action))
            {
                _anyDeclined = true;
                return;
            }
            _anySent = true;
            foreach (var failure in RunOperation(send, alias))
                WriteError(ErrorCatalogue.FromDocument(failure));
        }
    }
}
