using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VectorReindex.Core.Embedding;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>
    /// Embeds a few texts with an embedder and shows the vectors, so an operator can check an
    /// embedder (reachable, right dimensions, finite, normalized) before a long backfill.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "VectorEmbedder")]
    [OutputType(typeof(EmbedderTestResult))]
    public sealed class TestVectorEmbedderCommand : VectorReindexCmdlet
    {
        private readonly List<string> _texts = new List<string>();

        // Not a pipeline parameter: PowerShell would treat a script block given to it as a
        // delay-bind script block and evaluate it per input instead of passing it.
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        [EmbedderTransformation]
        public VectorEmbedder? Embedder { get; set; }

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [AllowEmptyString]
        [ValidateNotNull]
        public string[] Text { get; set; } = new string[0];

        [Parameter]
        [ValidateRange(1, 4096)]
        public int Dimensions { get; set; }

        protected override void ProcessRecord() => _texts.AddRange(Text.Select(t => t ?? ""));

        /// <summary>All texts in one call, as a backfill batch is embedded.</summary>
        protected override void EndProcessing()
        {
            var embedder = Embedder!;
            if (embedder.IsCopy)
                ThrowArgumentError(ErrorCatalogue.CopyEmbedderCannotEmbed, "A copy embedder (New-VectorEmbedder -Copy) keeps the source vectors; it has no model to embed text with. Test a hashing, OpenAI or script block embedder.", embedder);

            int? expected = MyInvocation.BoundParameters.ContainsKey(nameof(Dimensions)) ? Dimensions : embedder.Dimensions;
            var generator = embedder.BindToPipeline(Post, Logger);
            var items = _texts.Select((text, i) => ("text[" + i + "]", text)).ToList();
            var result = RunOperation(ct => EmbeddingBatcher.EmbedAsync(generator, items, expected, ct), embedder.Description);

            var failures = result.Failures.ToDictionary(f => f.Index);
            var embedded = result.Embedded.ToDictionary(e => e.Index);
            for (var i = 0; i < items.Count; i++)
            {
                if (failures.TryGetValue(i, out var failure)) WriteError(ErrorCatalogue.FromEmbedding(failure));
                else WriteObject(new EmbedderTestResult(i, _texts[i], embedded[i].Vector.ToArray(), embedder.Description));
            }
        }
    }
}
