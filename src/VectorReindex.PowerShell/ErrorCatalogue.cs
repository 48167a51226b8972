using System;
using System.Collections.Generic;
using System.Management.Automation;
using VectorReindex.Core.Connection;
using VectorReindex.Core.Documents;
using VectorReindex.Core.Embedding;
using VectorReindex.Core.Elasticsearch;
using VectorReindex.Core.Migrations;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// The one catalogue of the module's ErrorRecords: every error id (public API: scripts and
    /// tests match on them), its ErrorCategory and the recommended action shown in ErrorDetails,
    /// the HTTP status to ErrorCategory mapping, and the catch-all UnexpectedError. Core's
    /// exceptions say what the cluster situation is; the actions here say which cmdlet or
    /// parameter fixes it. Core's codes (<see cref="MigrationErrorCodes"/>) are kept as the ids.
    /// </summary>
    internal static class ErrorCatalogue
    {
        // Raised by the cmdlet layer itself.
        public const string NotConnected = nameof(NotConnected);
        public const string ClusterNotConnected = nameof(ClusterNotConnected);
        public const string ConflictingCredentials = nameof(ConflictingCredentials);
        public const string InvalidClusterUri = nameof(InvalidClusterUri);
        public const string CredentialsInUri = nameof(CredentialsInUri);
        public const string DimensionsMismatch = MigrationErrorCodes.DimensionsMismatch;
        public const string InvalidEmbedderEndpoint = nameof(InvalidEmbedderEndpoint);
        public const string CopyEmbedderCannotEmbed = nameof(CopyEmbedderCannotEmbed);
        public const string LocalModelRequiresPowerShell7 = nameof(LocalModelRequiresPowerShell7);
        public const string LocalModelLoadFailed = nameof(LocalModelLoadFailed);
        public const string UnexpectedError = nameof(UnexpectedError);

        // Cluster failures (ElasticsearchException).
        public const string ClusterUnreachable = nameof(ClusterUnreachable);
        public const string ClusterTimeout = nameof(ClusterTimeout);
        public const string NotElasticsearch = nameof(NotElasticsearch);
        public const string UnsupportedElasticsearchVersion = nameof(UnsupportedElasticsearchVersion);
        public const string ServerCertificateUntrusted = nameof(ServerCertificateUntrusted);
        public const string ConflictingCertificateTrust = nameof(ConflictingCertificateTrust);
        public const string InvalidClient = nameof(InvalidClient);
        public const string InvalidCloudId = nameof(InvalidCloudId);
        public const string CertificateAuthorityNotFound = nameof(CertificateAuthorityNotFound);
        public const string AuthenticationFailed = nameof(AuthenticationFailed);
        public const string PermissionDenied = nameof(PermissionDenied);
        public const string NotFound = nameof(NotFound);
        public const string VersionConflict = nameof(VersionConflict);
        public const string ClusterOverloaded = nameof(ClusterOverloaded);
        public const string ElasticsearchError = nameof(ElasticsearchError);

        // Embedders (EmbeddingException, EmbeddingFailure).
        public const string EmbedderFailed = nameof(EmbedderFailed);
        public const string EmbeddingTextEmpty = nameof(EmbeddingTextEmpty);
        public const string EmbeddingWrongDimensions = nameof(EmbeddingWrongDimensions);
        public const string EmbeddingNotFinite = MigrationErrorCodes.EmbeddingNotFinite;

        private static readonly Dictionary<string, Entry> Entries = new Dictionary<string, Entry>(StringComparer.Ordinal)
        {
            [NotConnected] = new Entry(ErrorCategory.ConnectionError, "Run 'Connect-VectorCluster -Uri https://<host>:9200' first, or pass -Cluster."),
            [ClusterNotConnected] = new Entry(ErrorCategory.ConnectionError, "Run Connect-VectorCluster to that cluster in this session (the migration finds it by its uuid), or pass its connection with -Cluster."),
            [ConflictingCredentials] = new Entry(ErrorCategory.InvalidArgument, "Give one of -Credential, -ApiKey and -BearerToken."),
            [InvalidClusterUri] = new Entry(ErrorCategory.InvalidArgument, "Give the node address with -Uri, for example https://localhost:9200."),
            [CredentialsInUri] = new Entry(ErrorCategory.InvalidArgument, "Leave the user name and password out of the address and pass them with -Credential (or the key with -ApiKey), so they never show in logs."),
            [DimensionsMismatch] = new Entry(ErrorCategory.InvalidArgument, "Leave -Dimensions out (the embedder's size is used) or give the model's output size."),
            [InvalidEmbedderEndpoint] = new Entry(ErrorCategory.InvalidArgument, "Give the API base with -Endpoint, for example https://api.openai.com/v1 or http://localhost:11434/v1."),
            [CopyEmbedderCannotEmbed] = new Entry(ErrorCategory.InvalidArgument, "Test a hashing, OpenAI or script block embedder (New-VectorEmbedder)."),
            [LocalModelRequiresPowerShell7] = new Entry(ErrorCategory.NotImplemented, "Run this in PowerShell 7 (pwsh), or use -OpenAI with a local server (Ollama, TEI) on Windows PowerShell 5.1."),
            [LocalModelLoadFailed] = new Entry(ErrorCategory.ResourceUnavailable, "Reinstall the module (its dependencies folder holds the model and ONNX Runtime), and check that ONNX Runtime supports this platform."),
            [UnexpectedError] = new Entry(ErrorCategory.NotSpecified, "This is a defect in VectorReindex: report it with the inner exception ($Error[0].Exception.InnerException). A rerun of a migration stage resumes safely."),

            [ClusterUnreachable] = new Entry(ErrorCategory.ConnectionError, "Check the address, the port and that the node is running; then run the command again (stages resume)."),
            [ClusterTimeout] = new Entry(ErrorCategory.OperationTimeout, "The cluster may be overloaded: retry, or connect with a larger -TimeoutSec."),
            [NotElasticsearch] = new Entry(ErrorCategory.InvalidResult, "Point -Uri at an Elasticsearch node (not Kibana, a proxy or another service); use -Force only if a proxy strips the X-Elastic-Product header."),
            [UnsupportedElasticsearchVersion] = new Entry(ErrorCategory.NotImplemented, "Connect to an Elasticsearch 8.x or 9.x cluster, or use -Force at your own risk."),
            [ServerCertificateUntrusted] = new Entry(ErrorCategory.SecurityError,
                "If that CA is the cluster's, trust it with -CertificateFingerprint <the SHA-256 above> or -CertificateAuthorityPath <http_ca.crt>; " +
                "Elasticsearch prints the fingerprint at first start ('elasticsearch-reset-password' and 'openssl x509 -fingerprint -sha256' show it later). Use -SkipCertificateCheck only for a test cluster."),
            [ConflictingCertificateTrust] = new Entry(ErrorCategory.InvalidArgument, "Give one of -CertificateFingerprint, -CertificateAuthorityPath and -SkipCertificateCheck."),
            [InvalidCloudId] = new Entry(ErrorCategory.InvalidArgument, "Copy the Cloud ID whole from the deployment's page in Elastic Cloud (name:base64...)."),
            [CertificateAuthorityNotFound] = new Entry(ErrorCategory.ObjectNotFound, "Give the PEM file of the cluster's HTTP CA (config/certs/http_ca.crt on a self-managed node), or use -CertificateFingerprint."),
            [InvalidClient] = new Entry(ErrorCategory.InvalidArgument, "Pass an Elastic.Clients.Elasticsearch.ElasticsearchClient or ElasticsearchClientSettings object to -Client."),
            [AuthenticationFailed] = new Entry(ErrorCategory.PermissionDenied, "Check the user and password (-Credential) or the key (-ApiKey)."),
            [PermissionDenied] = new Entry(ErrorCategory.PermissionDenied, "Grant the user the index privileges the operation needs (read on the source; create_index, write and manage on the target; manage_aliases for a cutover)."),
            [MigrationErrorCodes.IndexNotFound] = new Entry(ErrorCategory.ObjectNotFound, "Check the index name (Get-VectorMigration, GET /_cat/indices)."),
            [NotFound] = new Entry(ErrorCategory.ObjectNotFound, null),
            [VersionConflict] = new Entry(ErrorCategory.ResourceExists, "Someone changed the same thing at the same time: run the command again."),
            [ClusterOverloaded] = new Entry(ErrorCategory.LimitsExceeded, "The cluster keeps rejecting requests (429): retry later, or slow the copy with -MaxDocsPerSecond."),
            [ElasticsearchError] = new Entry(ErrorCategory.NotSpecified, null),

            [EmbedderFailed] = new Entry(ErrorCategory.InvalidResult, "Check the embedder's endpoint, model and key with Test-VectorEmbedder; rerun the stage to embed what was left out."),
            [EmbeddingTextEmpty] = new Entry(ErrorCategory.InvalidData, "Give each document some text in the embedded field."),
            [EmbeddingWrongDimensions] = new Entry(ErrorCategory.InvalidResult, "Create the embedder with the size the target index expects (New-VectorEmbedder -Dimensions), or the index with the model's size."),
            [EmbeddingNotFinite] = new Entry(ErrorCategory.InvalidResult, "The model returned NaN or infinity: check it with Test-VectorEmbedder; a rerun of the stage (or Sync-Delta) embeds what was left out."),

            [MigrationErrorCodes.AliasNotFound] = new Entry(ErrorCategory.ObjectNotFound, "Check the name (GET /_cat/aliases lists them), or create the alias over the live index, have readers use it, and pass it to -Alias."),
            [MigrationErrorCodes.AliasHasNoWriteIndex] = new Entry(ErrorCategory.InvalidOperation, "Mark the live index with is_write_index: true (POST /_aliases), or pass the source with -Source."),
            [MigrationErrorCodes.AliasNotOnIndex] = new Entry(ErrorCategory.InvalidArgument, "Pass the index the alias points to now with -From, or leave -From out."),
            [MigrationErrorCodes.SourceIndexNotFound] = new Entry(ErrorCategory.ObjectNotFound, "Run the command again."),
            [MigrationErrorCodes.TargetIndexExists] = new Entry(ErrorCategory.ResourceExists, "If it is an earlier attempt, resume it (Get-VectorMigration -Alias <alias> | Start-Backfill) or remove it (Remove-ShadowIndex -Index <name>); otherwise pick another -Name."),
            [MigrationErrorCodes.InvalidDimensions] = new Entry(ErrorCategory.InvalidArgument, "Give -Dimensions from 1 to 4096 (the new model's output size)."),
            [MigrationErrorCodes.InvalidSimilarity] = new Entry(ErrorCategory.InvalidArgument, "Use -Similarity cosine, dot_product, l2_norm or max_inner_product."),
            [MigrationErrorCodes.InvalidElementType] = new Entry(ErrorCategory.InvalidArgument, "Use -ElementType float, byte, bit or (on 9.3 and later) bfloat16."),
            [MigrationErrorCodes.ElementTypeNotSupported] = new Entry(ErrorCategory.InvalidArgument, "Give -ElementType float for a target cluster before 9.3, or migrate to a 9.3 or later cluster (-TargetCluster)."),
            [MigrationErrorCodes.IndexOptionsNotSupported] = new Entry(ErrorCategory.InvalidArgument, "Give -IndexOptions with a type the target cluster's version knows, for example -IndexOptions @{type='int8_hnsw'}."),
            [MigrationErrorCodes.IndexOptionsTooFewDimensions] = new Entry(ErrorCategory.InvalidArgument, "Give -IndexOptions @{type='int8_hnsw'} (or hnsw), or -Dimensions 64 or more: bbq index types need at least 64 dimensions."),
            [MigrationErrorCodes.SourceMarkerFailed] = new Entry(ErrorCategory.PermissionDenied, "Give the -SourceCluster connection the right to update the source index's mapping (the manage privilege on it), then remove the new target (Remove-ShadowIndex -Cluster <target connection>) and run New-ShadowIndex again."),
            [MigrationErrorCodes.IndexOptionsOddDimensions] = new Entry(ErrorCategory.InvalidArgument, "Give -IndexOptions @{type='int8_hnsw'} (or hnsw), or an even -Dimensions: int4 index types need an even number of dimensions."),
            [MigrationErrorCodes.InvalidIndexName] = new Entry(ErrorCategory.InvalidArgument, "Give -Name in lowercase, without * ? , or a leading -."),
            [MigrationErrorCodes.VectorFieldNotFound] = new Entry(ErrorCategory.ObjectNotFound, "Pass one of the index's dense_vector fields to -VectorField."),
            [MigrationErrorCodes.NotADenseVectorField] = new Entry(ErrorCategory.InvalidArgument, "Pass a dense_vector field to -VectorField."),
            [MigrationErrorCodes.NoDenseVectorField] = new Entry(ErrorCategory.InvalidArgument, "Add the field with -Mapping and name it with -VectorField."),
            [MigrationErrorCodes.AmbiguousVectorField] = new Entry(ErrorCategory.InvalidArgument, "Name the field to migrate with -VectorField."),
            [MigrationErrorCodes.TextFieldNotFound] = new Entry(ErrorCategory.ObjectNotFound, "Pass one of the source's text or keyword fields to -TextField."),
            [MigrationErrorCodes.NotATextField] = new Entry(ErrorCategory.InvalidArgument, "Pass a text or keyword field of the source to -TextField."),
            [MigrationErrorCodes.MigrationPlanMismatch] = new Entry(ErrorCategory.InvalidArgument, "Resume with the recorded plan (leave the parameter out or pass the recorded value; Get-VectorMigration shows it), or abandon the in-flight target and start a new generation with the new value: Invoke-RollingReindex -Restart (the abandoned index is left; Remove-ShadowIndex removes it)."),
            [MigrationErrorCodes.AliasExists] = new Entry(ErrorCategory.ResourceExists, "To change the index behind an existing alias, migrate it: New-ShadowIndex -Alias <alias>. Otherwise pick another -Alias."),
            [MigrationErrorCodes.IndexExists] = new Entry(ErrorCategory.ResourceExists, "Pick another -Alias, or point the alias at the existing index yourself (POST /_aliases)."),
            [MigrationErrorCodes.InvalidAliasName] = new Entry(ErrorCategory.InvalidArgument, "Give -Alias in lowercase, not starting with - _ + and without spaces or any of \\ / * ? \" < > | , # :"),
            [MigrationErrorCodes.DimensionsRequired] = new Entry(ErrorCategory.InvalidArgument, "Give the model's output size with -Dimensions."),
            [MigrationErrorCodes.InvalidShards] = new Entry(ErrorCategory.InvalidArgument, "Give -Shards from 1 to 1024."),
            [MigrationErrorCodes.InvalidFieldName] = new Entry(ErrorCategory.InvalidArgument, "Give -VectorField and -TextField as top-level names without dots or a leading underscore; build object fields with -Mapping."),
            [MigrationErrorCodes.FieldNameClash] = new Entry(ErrorCategory.InvalidArgument, "Give -VectorField and -TextField different names."),
            [MigrationErrorCodes.MappingOverridesVectorField] = new Entry(ErrorCategory.InvalidArgument, "Set the vector field through -Dimensions, -Similarity and -IndexOptions; use -Mapping for the other fields."),
            [MigrationErrorCodes.RecordSchemaUnsupported] = new Entry(ErrorCategory.InvalidData, "Update the VectorReindex module (Update-PSResource VectorReindex) to work with this migration."),
            [MigrationErrorCodes.EmbedderRequired] = new Entry(ErrorCategory.InvalidArgument, "Pass the same embedder with -Embedder (New-VectorEmbedder with the key, or the same script block)."),
            [MigrationErrorCodes.ServerSideNeedsCopy] = new Entry(ErrorCategory.InvalidArgument, "Drop -ServerSide to re-embed, or use a copy embedder."),
            [MigrationErrorCodes.BackfillFailed] = new Entry(ErrorCategory.InvalidResult, "Fix the cause the per-document errors name (-TextField, -VectorField, the embedder: Test-VectorEmbedder), then run Start-Backfill again."),
            [MigrationErrorCodes.BackfillIncomplete] = new Entry(ErrorCategory.InvalidOperation, "Fix the cause of the failures the backfill summary lists, then run Sync-Delta (it copies what is missing) and Test-IndexParity, or run Start-Backfill again."),
            [MigrationErrorCodes.ServerSideReindexFailed] = new Entry(ErrorCategory.InvalidResult, "Check the task's error (GET /_tasks/<id>), fix it, then run Start-Backfill again, or drop -ServerSide to copy client-side; Sync-Delta copies what is missing."),
            [MigrationErrorCodes.ParityFailed] = new Entry(ErrorCategory.InvalidResult, "Run Sync-Delta (then Test-IndexParity) to catch up, rerun Invoke-RollingReindex (it resumes with another delta pass), or use -Force if the difference is expected."),
            [MigrationErrorCodes.TargetNotHealthy] = new Entry(ErrorCategory.OperationTimeout, "Check GET /_cluster/allocation/explain, then run Switch-IndexAlias again."),
            [MigrationErrorCodes.RollbackTooFar] = new Entry(ErrorCategory.InvalidOperation, "Roll back to the generation the alias left at its last cutover (Get-VectorMigration -Alias <alias> -Lineage lists them), or bring this one up to date first: Switch-IndexAlias -Alias <alias> -To <index> -CatchUp (a delta from the live index into it, then the switch)."),
            [MigrationErrorCodes.IndexNotCurrent] = new Entry(ErrorCategory.InvalidOperation, "Bring it up to date first: Switch-IndexAlias -Alias <alias> -To <index> -CatchUp (a delta from the live index into it, then the switch), or migrate afresh (Invoke-RollingReindex)."),
            [MigrationErrorCodes.CutoverTargetNotRecorded] = new Entry(ErrorCategory.InvalidOperation, "Switch to the migration's target (Get-VectorMigration -Alias <alias> -InFlight | Switch-IndexAlias) or migrate to this index (New-ShadowIndex); use -Force only when you know it holds what the alias serves."),
            [MigrationErrorCodes.ModelChangeNotAllowed] = new Entry(ErrorCategory.InvalidArgument, "Migrate to a new model with New-ShadowIndex -Embedder (readers then embed queries with each index's recorded model), or add -AllowModelChange once every reader embeds its queries for the new index."),
            [MigrationErrorCodes.LiveIndexInFlight] = new Entry(ErrorCategory.InvalidOperation, "Switch the alias back to the live index first (Switch-IndexAlias), or finish the migration instead of restarting it."),
            [MigrationErrorCodes.MigrationInFlight] = new Entry(ErrorCategory.InvalidOperation, "Finish the migration in flight (Sync-Delta, Switch-IndexAlias) or abandon it (Invoke-RollingReindex -Restart), then catch up."),
            [MigrationErrorCodes.MigrationAbandoned] = new Entry(ErrorCategory.InvalidOperation, "Continue the migration that replaced it (Get-VectorMigration -Alias <alias> -InFlight), or remove the abandoned index (Remove-ShadowIndex -Index <target>); Switch-IndexAlias -CatchUp brings it up to date if it is wanted after all."),
            [MigrationErrorCodes.IndexInUse] = new Entry(ErrorCategory.InvalidOperation, "Switch the alias away first (Switch-IndexAlias), then remove the index."),
            [MigrationErrorCodes.IndexPatternRefused] = new Entry(ErrorCategory.InvalidArgument, "Give one index by its full name: Remove-ShadowIndex deletes exactly one."),
            [MigrationErrorCodes.NothingToUpdate] = new Entry(ErrorCategory.InvalidArgument, "Give -Set with the fields to change, -Remove with the fields to delete, or both."),
            [MigrationErrorCodes.VectorFieldProtected] = new Entry(ErrorCategory.InvalidArgument, "Take the dense_vector field out of -Set and -Remove: Set-IndexMetadata never changes vectors. To change a vector, write the document again (Write-VectorDocument) or migrate the index (New-ShadowIndex)."),
            [MigrationErrorCodes.SecondModelUnknown] = new Entry(ErrorCategory.InvalidArgument, "Pass the target's embedder with -TargetEmbedder."),
            [MigrationErrorCodes.TargetClusterNotConnected] = new Entry(ErrorCategory.ConnectionError, "Run Connect-VectorCluster to the migration's target cluster in this session (the writer finds it by its uuid), then write again."),
            [MigrationErrorCodes.SourceClusterNotConnected] = new Entry(ErrorCategory.ConnectionError, "Run Connect-VectorCluster to the migration's source cluster in this session (the writer finds it by its uuid), then write again."),
            [MigrationErrorCodes.MigrationRecordNotFound] = new Entry(ErrorCategory.ObjectNotFound, "Check the target index on the target cluster (Get-VectorMigration -Cluster <target connection>); if the migration was given up, remove the marker from the source index's _meta (vectorreindex_target)."),
            [MigrationErrorCodes.MigrationNotCutOver] = new Entry(ErrorCategory.InvalidOperation, "Cut the migration over first (Switch-IndexAlias), or, after a rollback, cut it over again once it is current (Sync-Delta, Switch-IndexAlias); for a migration across clusters pass the target cluster's connection with -Cluster."),
            [MigrationErrorCodes.MigrationCompleted] = new Entry(ErrorCategory.InvalidOperation, "The old index is no longer kept current: migrate back to it afresh (New-ShadowIndex) if it is wanted again."),
            [MigrationErrorCodes.NoMigrationForAlias] = new Entry(ErrorCategory.ObjectNotFound, "Check the alias (Get-VectorMigration -Alias <name> -Cluster <connection>); for a migration to another cluster pass the target cluster's connection with -Cluster."),
            [MigrationErrorCodes.AmbiguousMigration] = new Entry(ErrorCategory.InvalidArgument, "Pipe the migration to complete instead of naming its alias: Get-VectorMigration -Alias <name> | Where-Object Target -eq <index> | Complete-VectorMigration."),

            [MigrationErrorCodes.SourceVectorInvalid] = new Entry(ErrorCategory.InvalidData, "Fix the document's vector in the source; Sync-Delta copies it afterwards."),
            [MigrationErrorCodes.TextFieldMissing] = new Entry(ErrorCategory.InvalidData, "Give the document text in the embedded field (or name the right one with -TextField); Sync-Delta copies it afterwards."),
            [MigrationErrorCodes.VectorNotFinite] = new Entry(ErrorCategory.InvalidData, "Give the document finite values in -Vector (no NaN or infinity, each within the float range), or its text to embed."),
            [MigrationErrorCodes.EmbeddingFailed] = new Entry(ErrorCategory.InvalidResult, "Check the embedder with Test-VectorEmbedder; Sync-Delta copies what was left out."),
            [MigrationErrorCodes.WriteFailed] = new Entry(ErrorCategory.NotSpecified, "Sync-Delta copies the document again."),
            [MigrationErrorCodes.WriteRejected] = new Entry(ErrorCategory.LimitsExceeded, "The cluster kept rejecting the write (429): slow down with -MaxDocsPerSecond; Sync-Delta copies the document again."),
            [MigrationErrorCodes.DeleteFailed] = new Entry(ErrorCategory.NotSpecified, "Delete the document again."),
            [MigrationErrorCodes.SecondWriteFailed] = new Entry(ErrorCategory.NotSpecified, "Sync-Delta brings the second index in step."),
            [MigrationErrorCodes.SecondWriteMissed] = new Entry(ErrorCategory.ConnectionError, "The second index's cluster could not be reached: the write stands on the live index; once that cluster is back, Sync-Delta brings the second index in step."),
            [MigrationErrorCodes.DocumentNotFound] = new Entry(ErrorCategory.ObjectNotFound, null),
            [MigrationErrorCodes.DocumentUpdateFailed] = new Entry(ErrorCategory.NotSpecified, "Update the document again."),
            [MigrationErrorCodes.TargetVersionAhead] = new Entry(ErrorCategory.InvalidData, "Delete the document from the target and run Sync-Delta again after the target's index.gc_deletes (24 h while a migration runs, 60 s by default)."),
        };

        /// <summary>Every id the catalogue knows (for the test that each Core code has an entry).</summary>
        public static IEnumerable<string> Ids => Entries.Keys;

        /// <summary>The one HTTP status to ErrorCategory mapping.</summary>
        public static ErrorCategory CategoryFor(int? status) => status switch
        {
            400 => ErrorCategory.InvalidArgument,
            401 or 403 => ErrorCategory.PermissionDenied,
            404 => ErrorCategory.ObjectNotFound,
            409 => ErrorCategory.ResourceExists,
            408 => ErrorCategory.OperationTimeout,
            413 => ErrorCategory.LimitsExceeded,
            429 => ErrorCategory.LimitsExceeded,
            >= 500 => ErrorCategory.ConnectionError,
            _ => ErrorCategory.NotSpecified,
        };

        /// <summary>The record for any failure of a whole operation; anything not from Core or PowerShell becomes UnexpectedError with it as inner exception.</summary>
        public static ErrorRecord FromException(Exception ex, object? target) => ex switch
        {
            ElasticsearchException es => FromElasticsearch(es, target),
            VectorMigrationException m when m.ErrorId is MigrationErrorCodes.TargetClusterNotConnected or MigrationErrorCodes.SourceClusterNotConnected =>
                WithAction(Create(m.ErrorId, m, m.Target ?? target), $"Run Connect-VectorCluster {m.Target} in this session (the writer finds it by its uuid), then write again."),
            VectorMigrationException m => Create(m.ErrorId, m, m.Target ?? target, CategoryFor(m.Kind)),
            EmbeddingException e => Create(EmbedderFailed, e, target, e.StatusCode is int status ? CategoryFor(status) : (ErrorCategory?)null),
            _ => Create(UnexpectedError, new InvalidOperationException($"Unexpected failure ({ex.GetType().Name}): {ex.Message}", ex), target),
        };

        /// <summary>A per-document failure: non-terminating, the document as target.</summary>
        public static ErrorRecord FromDocument(DocumentFailure failure) =>
            Create(failure.ErrorId, new VectorReindexDocumentException(failure), failure.Index + "/" + failure.Id,
                failure.Status.HasValue ? CategoryFor(failure.Status) : (ErrorCategory?)null);

        /// <summary>A per-item embedding failure, the item's id as target.</summary>
        public static ErrorRecord FromEmbedding(EmbeddingFailure failure)
        {
            var id = failure.Kind switch
            {
                EmbeddingFailureKind.EmptyText => EmbeddingTextEmpty,
                EmbeddingFailureKind.WrongDimensions => EmbeddingWrongDimensions,
                EmbeddingFailureKind.NonFiniteValue => EmbeddingNotFinite,
                _ => EmbedderFailed,
            };
            ErrorCategory? category = id == EmbedderFailed && failure.Exception is EmbeddingException { StatusCode: int status } ? CategoryFor(status) : (ErrorCategory?)null;
            return Create(id, new EmbeddingException(failure.Message, null, failure.Exception), failure.Id, category);
        }

        /// <summary>A parity check that found differences: the migration as target.</summary>
        public static ErrorRecord ParityFailed(VectorMigration migration) =>
            Create(MigrationErrorCodes.ParityFailed, new VectorMigrationException(MigrationErrorCodes.ParityFailed, MigrationErrorKind.VerificationFailed,
                $"{migration.Target} does not match {migration.Source}: {string.Join("; ", migration.Parity?.Problems ?? new List<string>())}.", migration.Target), migration.Target);

        /// <summary>A migration names a cluster this session has no open connection to.</summary>
        public static ErrorRecord ClusterNotConnectedFor(ClusterIdentity cluster, string what) =>
            Create(ClusterNotConnected, new PSInvalidOperationException($"{what} is on cluster {cluster}, and this session has no open connection to it."), cluster.ToString());

        /// <summary>Invalid parameter input found by the cmdlet: the offending value as target.</summary>
        public static ErrorRecord Argument(string id, string message, object? target) => Create(id, new ArgumentException(message), target, ErrorCategory.InvalidArgument);

        /// <summary>An ErrorRecord with the catalogue's category (unless the failure knows better) and recommended action.</summary>
        public static ErrorRecord Create(string id, Exception ex, object? target, ErrorCategory? category = null)
        {
            Entries.TryGetValue(id, out var entry);
            var record = new ErrorRecord(ex, id, category ?? entry?.Category ?? ErrorCategory.NotSpecified, target);
            if (entry?.Action != null)
                record.ErrorDetails = new ErrorDetails(ex.Message + " " + entry.Action) { RecommendedAction = entry.Action };
            return record;
        }

        /// <summary>The record with an action only known at run time (an address the error names).</summary>
        private static ErrorRecord WithAction(ErrorRecord record, string action)
        {
            record.ErrorDetails = new ErrorDetails(record.Exception.Message + " " + action) { RecommendedAction = action };
            return record;
        }

        private static ErrorRecord FromElasticsearch(ElasticsearchException ex, object? target)
        {
            var (id, category) = ex.Failure switch
            {
                ElasticsearchFailure.Connection => (ClusterUnreachable, (ErrorCategory?)null),
                ElasticsearchFailure.Timeout => (ClusterTimeout, null),
                ElasticsearchFailure.NotElasticsearch => (NotElasticsearch, null),
                ElasticsearchFailure.UnsupportedVersion => (UnsupportedElasticsearchVersion, null),
                ElasticsearchFailure.UntrustedCertificate => (ServerCertificateUntrusted, null),
                _ => (IdForStatus(ex), CategoryFor(ex.StatusCode)),
            };
            return Create(id, ex, target ?? ex.Node?.ToString(), category);
        }

        private static string IdForStatus(ElasticsearchException ex) => ex.StatusCode switch
        {
            401 => AuthenticationFailed,
            403 => PermissionDenied,
            404 when ex.ErrorType == "index_not_found_exception" => MigrationErrorCodes.IndexNotFound,
            404 => NotFound,
            409 => VersionConflict,
            429 => ClusterOverloaded,
            _ => ElasticsearchError,
        };

        private static ErrorCategory CategoryFor(MigrationErrorKind kind) => kind switch
        {
            MigrationErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            MigrationErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            MigrationErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
            MigrationErrorKind.InvalidState => ErrorCategory.InvalidOperation,
            MigrationErrorKind.VerificationFailed => ErrorCategory.InvalidResult,
            MigrationErrorKind.Timeout => ErrorCategory.OperationTimeout,
            _ => ErrorCategory.NotSpecified,
        };

        private sealed class Entry
        {
            public Entry(ErrorCategory category, string? action)
            {
                Category = category;
                Action = action;
            }

            public ErrorCategory Category { get; }

            public string? Action { get; }
        }
    }
}
