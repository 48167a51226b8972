using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using Microsoft.Extensions.AI;
using VectorReindex.Core.Embedding;

namespace VectorReindex.PowerShell.Commands
{
    /// <summary>Creates the embedder a migration uses for its target vectors: copy, hashing, an OpenAI-compatible endpoint, a local model, or a script block.</summary>
    [Cmdlet(VerbsCommon.New, "VectorEmbedder", DefaultParameterSetName = HashingSet)]
    [OutputType(typeof(VectorEmbedder))]
    public sealed class NewVectorEmbedderCommand : VectorReindexCmdlet
    {
        public const string CopySet = "Copy";
        public const string HashingSet = "Hashing";
        public const string OpenAISet = "OpenAI";
        public const string ScriptBlockSet = "ScriptBlock";
        public const string LocalSet = "Local";

        [Parameter(Mandatory = true, ParameterSetName = CopySet)]
        public SwitchParameter Copy { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = HashingSet)]
        public SwitchParameter Hashing { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OpenAISet)]
        public SwitchParameter OpenAI { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScriptBlockSet)]
        [ValidateNotNull]
        public ScriptBlock? ScriptBlock { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LocalSet)]
        [ValidateSet(LocalEmbeddingModel.MiniLMName, LocalEmbeddingModel.ArcticXsName)]
        public string? Local { get; set; }

        [Parameter(ParameterSetName = LocalSet)]
        public SwitchParameter Cache { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = HashingSet)]
        [Parameter(ParameterSetName = OpenAISet)]
        [Parameter(ParameterSetName = ScriptBlockSet)]
        [ValidateRange(1, 4096)]
        public int Dimensions { get; set; }

        [Parameter(ParameterSetName = HashingSet)]
        public int Seed { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OpenAISet)]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OpenAISet)]
        [Parameter(ParameterSetName = ScriptBlockSet)]
        [ValidateNotNullOrEmpty]
        public string? Model { get; set; }

        [Parameter(ParameterSetName = OpenAISet)]
        [ValidateNotNull]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        [Parameter(ParameterSetName = OpenAISet)]
        public SwitchParameter UseApiKeyHeader { get; set; }

        [Parameter(ParameterSetName = OpenAISet)]
        [ValidateRange(1, 2048)]
        public int BatchSize { get; set; } = 64;

        [Parameter(ParameterSetName = OpenAISet)]
        [ValidateRange(1, 64)]
        public int MaxConcurrency { get; set; } = 4;

        [Parameter(ParameterSetName = OpenAISet)]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        [Parameter(ParameterSetName = OpenAISet)]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = 5;

        protected override void ProcessRecord()
        {
            int? dimensions = MyInvocation.BoundParameters.ContainsKey(nameof(Dimensions)) ? Dimensions : (int?)null;
            switch (ParameterSetName)
            {
                case CopySet:
                    WriteObject(VectorEmbedder.Copy());
                    break;
                case HashingSet:
                    WriteObject(VectorEmbedder.Hashing(Dimensions, Seed));
                    break;
                case OpenAISet:
                    WriteObject(VectorEmbedder.OpenAI(CreateOpenAIGenerator(dimensions)));
                    break;
                case LocalSet:
                    WriteObject(CreateLocalEmbedder(LocalEmbeddingModel.Find(Local)!));
                    break;
                default:
                    WriteObject(ScriptBlockEmbeddingGenerator.CreateEmbedder(ScriptBlock!, Model, dimensions));
                    break;
            }
        }

        private VectorEmbedder CreateLocalEmbedder(LocalEmbeddingModel model)
        {
            if (!LocalModelLoader.IsSupported)
                ThrowTerminatingError(ErrorCatalogue.Create(ErrorCatalogue.LocalModelRequiresPowerShell7,
                    new PlatformNotSupportedException($"-Local {model.Name} runs only in PowerShell 7: the model packages need .NET, and this is Windows PowerShell on .NET Framework."), model.Name));
            IEmbeddingGenerator<string, Embedding<float>> generator = null!;
            try
            {
                generator = LocalModelLoader.Load(model);
            }
            catch (Exception e) when (!(e is PipelineStoppedException)) // a missing file, a native library or an ONNX error: all mean "not usable here"
            {
                ThrowTerminatingError(ErrorCatalogue.Create(ErrorCatalogue.LocalModelLoadFailed,
                    new InvalidOperationException($"The local model {model.ModelId} could not be loaded: {e.Message}", e), model.Name));
            }
            return VectorEmbedder.Local(model, generator, Cache.IsPresent ? LocalModelLoader.SessionCache : null);
        }

        private OpenAIEmbeddingGenerator CreateOpenAIGenerator(int? dimensions)
        {
            var endpoint = Endpoint!;
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                ThrowArgumentError(ErrorCatalogue.InvalidEmbedderEndpoint, $"-Endpoint '{endpoint}' is not an http:// or https:// address. Give the API base, for example https://api.openai.com/v1 or http://localhost:11434/v1.", endpoint);
            if (!string.IsNullOrEmpty(endpoint.UserInfo))
                ThrowArgumentError(ErrorCatalogue.CredentialsInUri, $"-Endpoint '{endpoint.Scheme}://{endpoint.Host}:{endpoint.Port}' carries a user name or password. Pass the key with -ApiKey instead, so it never shows in logs.", $"{endpoint.Scheme}://{endpoint.Host}:{endpoint.Port}");

            var options = new OpenAIEmbeddingOptions(endpoint, Model!)
            {
                Dimensions = dimensions,
                BatchSize = BatchSize,
                MaxConcurrency = MaxConcurrency,
                ApiKeyHeader = UseApiKeyHeader.IsPresent ? OpenAIApiKeyHeader.ApiKey : OpenAIApiKeyHeader.Bearer,
            };
            options.RequestTimeout = TimeSpan.FromSeconds(TimeoutSec);
            options.Retry.MaxRetries = MaxRetries;
            var apiKey = ApiKey != null ? new NetworkCredential(string.Empty, ApiKey).Password : null;
            return new OpenAIEmbeddingGenerator(options, apiKey);
        }
    }
}
