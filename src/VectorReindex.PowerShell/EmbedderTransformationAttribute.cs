using System;
using System.Management.Automation;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Lets an -Embedder parameter of type <see cref="VectorEmbedder"/> take what New-VectorEmbedder
    /// returns, any IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt; object, or a script block
    /// (param([string[]]$Texts), one float array per text), converting at binding.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class EmbedderTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null;
                case VectorEmbedder embedder:
                    return embedder;
                case IEmbeddingGenerator<string, Embedding<float>> generator:
                    return VectorEmbedder.FromGenerator(generator);
                case ScriptBlock script:
                    return ScriptBlockEmbeddingGenerator.CreateEmbedder(script, null, null);
                default:
                    throw new ArgumentTransformationMetadataException(
                        $"-Embedder takes what New-VectorEmbedder returns, an IEmbeddingGenerator<string, Embedding<float>> object or a script block, not a {value.GetType().FullName}.");
            }
        }
    }
}
