namespace VectorReindex.Core.Migrations
{
    /// <summary>
    /// The stable codes of <see cref="VectorMigrationException"/> and of per-document failures
    /// (<see cref="Documents.DocumentFailure"/>). Public API: hosts map each to their own error id,
    /// category and advice (the PowerShell layer keeps the code as the ErrorRecord id).
    /// </summary>
    public static class MigrationErrorCodes
    {
        // Resolving the alias and planning the shadow index.
        public const string AliasNotFound = nameof(AliasNotFound);
        public const string AliasHasNoWriteIndex = nameof(AliasHasNoWriteIndex);
        public const string AliasNotOnIndex = nameof(AliasNotOnIndex);
        public const string IndexNotFound = nameof(IndexNotFound);
        public const string SourceIndexNotFound = nameof(SourceIndexNotFound);
        public const string TargetIndexExists = nameof(TargetIndexExists);
        public const string InvalidDimensions = nameof(InvalidDimensions);
        public const string InvalidSimilarity = nameof(InvalidSimilarity);
        public const string InvalidElementType = nameof(InvalidElementType);
        public const string InvalidIndexName = nameof(InvalidIndexName);
        public const string VectorFieldNotFound = nameof(VectorFieldNotFound);
        public const string NotADenseVectorField = nameof(NotADenseVectorField);
        public const string NoDenseVectorField = nameof(NoDenseVectorField);
        public const string AmbiguousVectorField = nameof(AmbiguousVectorField);
        public const string TextFieldNotFound = nameof(TextFieldNotFound);
        public const string NotATextField = nameof(NotATextField);
        public const string MigrationPlanMismatch = nameof(MigrationPlanMismatch);

        // The target cluster's version (the shadow index plan).
        public const string ElementTypeNotSupported = nameof(ElementTypeNotSupported);
        public const string IndexOptionsNotSupported = nameof(IndexOptionsNotSupported);
        public const string IndexOptionsTooFewDimensions = nameof(IndexOptionsTooFewDimensions);
        public const string IndexOptionsOddDimensions = nameof(IndexOptionsOddDimensions);
        public const string SourceMarkerFailed = nameof(SourceMarkerFailed);

        // A new index behind a new alias (New-VectorIndex).
        public const string AliasExists = nameof(AliasExists);
        public const string IndexExists = nameof(IndexExists);
        public const string InvalidAliasName = nameof(InvalidAliasName);
        public const string DimensionsRequired = nameof(DimensionsRequired);
        public const string DimensionsMismatch = nameof(DimensionsMismatch);
        public const string InvalidShards = nameof(InvalidShards);
        public const string InvalidFieldName = nameof(InvalidFieldName);
        public const string FieldNameClash = nameof(FieldNameClash);
        public const string MappingOverridesVectorField = nameof(MappingOverridesVectorField);

        // The record.
        public const string RecordSchemaUnsupported = nameof(RecordSchemaUnsupported);
        public const string EmbedderRequired = nameof(EmbedderRequired);
        public const string ServerSideNeedsCopy = nameof(ServerSideNeedsCopy);

        // Backfill outcomes (whole stage).
        public const string BackfillFailed = nameof(BackfillFailed);
        public const string BackfillIncomplete = nameof(BackfillIncomplete);
        public const string ServerSideReindexFailed = nameof(ServerSideReindexFailed);

        // Parity, cutover, removal.
        public const string ParityFailed = nameof(ParityFailed);
        public const string TargetNotHealthy = nameof(TargetNotHealthy);

        // The cutover guard and the alias's lineage.
        public const string RollbackTooFar = nameof(RollbackTooFar);
        public const string IndexNotCurrent = nameof(IndexNotCurrent);
        public const string CutoverTargetNotRecorded = nameof(CutoverTargetNotRecorded);
        public const string ModelChangeNotAllowed = nameof(ModelChangeNotAllowed);
        public const string LiveIndexInFlight = nameof(LiveIndexInFlight);
        public const string MigrationInFlight = nameof(MigrationInFlight);
        public const string MigrationAbandoned = nameof(MigrationAbandoned);
        public const string IndexInUse = nameof(IndexInUse);
        public const string IndexPatternRefused = nameof(IndexPatternRefused);

        // Metadata updates and dual writes (whole operation).
        public const string NothingToUpdate = nameof(NothingToUpdate);
        public const string VectorFieldProtected = nameof(VectorFieldProtected);
        public const string SecondModelUnknown = nameof(SecondModelUnknown);

        // Across clusters: a marker or record naming a cluster the host has no connection to, and the rollback window.
        public const string TargetClusterNotConnected = nameof(TargetClusterNotConnected);
        public const string SourceClusterNotConnected = nameof(SourceClusterNotConnected);
        public const string MigrationRecordNotFound = nameof(MigrationRecordNotFound);
        public const string MigrationNotCutOver = nameof(MigrationNotCutOver);
        public const string MigrationCompleted = nameof(MigrationCompleted);
        public const string NoMigrationForAlias = nameof(NoMigrationForAlias);
        public const string AmbiguousMigration = nameof(AmbiguousMigration);

        // Per document.
        public const string SourceVectorInvalid = nameof(SourceVectorInvalid);
        public const string TextFieldMissing = nameof(TextFieldMissing);
        public const string EmbeddingFailed = nameof(EmbeddingFailed);
        public const string EmbeddingNotFinite = nameof(EmbeddingNotFinite);
        public const string VectorNotFinite = nameof(VectorNotFinite);
        public const string WriteFailed = nameof(WriteFailed);
        public const string WriteRejected = nameof(WriteRejected);
        public const string DeleteFailed = nameof(DeleteFailed);
        public const string SecondWriteFailed = nameof(SecondWriteFailed);
        public const string SecondWriteMissed = nameof(SecondWriteMissed);
        public const string DocumentNotFound = nameof(DocumentNotFound);
        public const string DocumentUpdateFailed = nameof(DocumentUpdateFailed);
        public const string TargetVersionAhead = nameof(TargetVersionAhead);
    }
}
