namespace VectorReindex.LocalNode.Search;

/// <summary>The ways a search reads a field, as Elasticsearch's field usage tracking names them.</summary>
[Flags]
internal enum FieldUsage
{
    None = 0,
    Terms = 1 << 0,
    Postings = 1 << 1,
    Proximity = 1 << 2,
    Positions = 1 << 3,
    TermFrequencies = 1 << 4,
    Offsets = 1 << 5,
    Payloads = 1 << 6,
    StoredFields = 1 << 7,
    DocValues = 1 << 8,
    Points = 1 << 9,
    Norms = 1 << 10,
    TermVectors = 1 << 11,
    KnnVectors = 1 << 12,
}
