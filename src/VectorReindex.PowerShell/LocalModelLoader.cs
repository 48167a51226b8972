using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Loads the companion assembly VectorReindex.Embeddings.Local (and with it ONNX Runtime) from
    /// dependencies/ into the module's private AssemblyLoadContext on first use of -Local, never at
    /// import. Each model is loaded once per process and shared, as is the session's embedding
    /// cache. PowerShell 7 only: the model packages target netstandard2.1, which .NET Framework lacks.
    /// </summary>
    internal static class LocalModelLoader
    {
        private const string CompanionFile = "VectorReindex.Embeddings.Local.dll";
        private const string GeneratorTypeName = "VectorReindex.Embeddings.Local.OnnxSentenceEmbeddingGenerator";

        private static readonly Dictionary<string, IEmbeddingGenerator<string, Embedding<float>>> Loaded =
            new Dictionary<string, IEmbeddingGenerator<string, Embedding<float>>>(StringComparer.Ordinal);

        /// <summary>False on Windows PowerShell 5.1 (.NET Framework).</summary>
        public static bool IsSupported => ModuleAssemblyResolver.LoadContext != null;

        /// <summary>The -Cache store of this process (the PowerShell session), shared by every local embedder.</summary>
        public static EmbeddingCache SessionCache { get; } = new EmbeddingCache();

        /// <summary>
        /// Lets Core rebuild a local model from an index's _meta (readers, dual-writes, stages run
        /// without -Embedder), through the session cache. Registers a function only: nothing loads here.
        /// </summary>
        public static void RegisterWithCore()
        {
            if (IsSupported)
                EmbedderFactory.UseLocalModels(model => new CachingEmbeddingGenerator(Load(model), model.ModelId, SessionCache));
        }

        /// <summary>
        /// The model's generator, loading it on the first call. Throws PlatformNotSupportedException
        /// on .NET Framework and FileNotFoundException when the module was laid out without the companion.
        /// </summary>
        public static IEmbeddingGenerator<string, Embedding<float>> Load(LocalEmbeddingModel model)
        {
            var context = ModuleAssemblyResolver.LoadContext
                          ?? throw new PlatformNotSupportedException("Local models run on .NET (PowerShell 7), not .NET Framework.");
            lock (Loaded)
            {
                if (Loaded.TryGetValue(model.Name, out var loaded)) return loaded;
                var path = Path.Combine(ModuleAssemblyResolver.DependencyFolder, CompanionFile);
                if (!File.Exists(path)) throw new FileNotFoundException("The module folder has no " + CompanionFile + ".", path);
                var create = context.Load(path).GetType(GeneratorTypeName, throwOnError: true)!
                    .GetMethod("Create", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null)!;
                try
                {
                    loaded = (IEmbeddingGenerator<string, Embedding<float>>)create.Invoke(null, new object[] { model.Name })!;
                }
                catch (TargetInvocationException e) when (e.InnerException != null)
                {
                    ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                    throw;
                }
                Loaded.Add(model.Name, loaded);
                return loaded;
            }
        }
    }
}
