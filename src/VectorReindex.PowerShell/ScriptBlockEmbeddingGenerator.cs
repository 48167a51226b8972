using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Embeds with a script block, param([string[]]$Texts), that returns one float array per text.
    /// A script block may only run on its runspace's pipeline thread, so each call is posted there
    /// (through the running cmdlet's Post) and awaited; the cmdlet's RunOperation loop executes it.
    /// </summary>
    internal sealed class ScriptBlockEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly ScriptBlock _script;
        private readonly Action<Action> _post;

        public ScriptBlockEmbeddingGenerator(ScriptBlock script, Action<Action> post)
        {
            _script = script ?? throw new ArgumentNullException(nameof(script));
            _post = post ?? throw new ArgumentNullException(nameof(post));
        }

        /// <summary>The embedder New-VectorEmbedder -ScriptBlock returns: bound to a pipeline by each cmdlet that runs it.</summary>
        public static VectorEmbedder CreateEmbedder(ScriptBlock script, string? model, int? dimensions)
        {
            if (script == null) throw new ArgumentNullException(nameof(script));
            return VectorEmbedder.PipelineBound(EmbedderDescriptor.ScriptBlock(model, dimensions),
                (post, _) => new ScriptBlockEmbeddingGenerator(script, post));
        }

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = (values ?? throw new ArgumentNullException(nameof(values))).ToArray();
            var done = new TaskCompletionSource<GeneratedEmbeddings<Embedding<float>>>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => done.TrySetCanceled(cancellationToken)))
            {
                _post(() =>
                {
                    if (done.Task.IsCompleted) return;
                    try
                    {
                        done.TrySetResult(Invoke(texts));
                    }
                    catch (Exception ex)
                    {
                        // Never let a script's failure escape into the dispatcher: it is this call's failure.
                        done.TrySetException(ex);
                    }
                });
                return await done.Task.ConfigureAwait(false);
            }
        }

        private GeneratedEmbeddings<Embedding<float>> Invoke(string[] texts)
        {
            Collection<PSObject> output;
            try
            {
                output = _script.Invoke(new object[] { texts });
            }
            catch (RuntimeException ex)
            {
                throw new EmbeddingException("The embedder script block failed: " + ex.Message, null, ex);
            }

            var items = output.Select(o => o?.BaseObject).ToList();
            // One text and a bare list of numbers: PowerShell unrolled the single array; take it as the vector.
            if (texts.Length == 1 && items.Count > 1 && items.All(IsNumber))
                items = new List<object?> { items.ToArray() };
            if (items.Count != texts.Length)
                throw new EmbeddingException(string.Format(CultureInfo.InvariantCulture,
                    "The embedder script block returned {0} results for {1} texts. Return one array per text, in order; write each with the comma operator (,[float[]]$vector) so PowerShell does not unroll it.",
                    items.Count, texts.Length));

            var result = new GeneratedEmbeddings<Embedding<float>>(items.Count);
            for (var i = 0; i < items.Count; i++) result.Add(new Embedding<float>(ToVector(items[i], i)));
            return result;
        }

        private static float[] ToVector(object? item, int index)
        {
            if (item is float[] floats) return floats;
            if (item is IEnumerable && !(item is string))
            {
                try
                {
                    return (float[])LanguagePrimitives.ConvertTo(item, typeof(float[]), CultureInfo.InvariantCulture);
                }
                catch (PSInvalidCastException ex)
                {
                    throw new EmbeddingException($"Result {index} of the embedder script block is not a list of numbers: {ex.Message}", null, ex);
                }
            }
            throw new EmbeddingException($"Result {index} of the embedder script block is {(item == null ? "null" : "a " + item.GetType().Name)}, not an array of numbers.");
        }

        private static bool IsNumber(object? value) =>
            value is float || value is double || value is decimal || value is int || value is long || value is short || value is byte;

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey == null && serviceType != null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
