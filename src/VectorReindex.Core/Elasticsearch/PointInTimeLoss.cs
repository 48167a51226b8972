using System.Linq;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// Recognizes a lost point in time (expired, closed, or gone with a node restart). Elasticsearch
    /// reports it as a search_phase_execution_exception ("all shards failed") whose root cause is
    /// search_context_missing_exception, with status 404; a bare search_context_missing_exception
    /// or another 404 on the PIT search means the same.
    /// </summary>
    public static class PointInTimeLoss
    {
        public const string MissingContextType = "search_context_missing_exception";

        public static bool IsLost(ElasticsearchException ex) =>
            ex.ErrorType == MissingContextType
            || ex.RootCause.Any(c => c.Type == MissingContextType)
            || (ex.StatusCode == 404 && ex.ErrorType == "search_phase_execution_exception");
    }
}
