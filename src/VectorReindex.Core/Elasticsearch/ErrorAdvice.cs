namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>What an operator can do about an error status: appended to exception messages.</summary>
    internal static class ErrorAdvice
    {
        public static string For(int status, string? errorType)
        {
            switch (errorType)
            {
                case "index_not_found_exception": return "Check the index or alias name (Get-VectorMigration and _cat/indices list what exists).";
                case "resource_already_exists_exception": return "Pick another name, or remove the existing index first if it is not in use.";
                case "version_conflict_engine_exception": return "A newer write already exists for this document; re-read it before writing.";
                case "es_rejected_execution_exception": return "The cluster is overloaded; lower the batch size or concurrency, or retry later.";
                case "security_exception" when status == 401: return "Check the user name and password, or the API key (-Credential, -ApiKey).";
                case "security_exception": return "The credentials lack a privilege this operation needs; ask for the index privileges it names.";
            }
            switch (status)
            {
                case 401: return "Check the user name and password, or the API key (-Credential, -ApiKey).";
                case 403: return "The credentials lack a privilege this operation needs.";
                case 413: return "The request is too large; lower the batch size.";
                case 429: return "The cluster is overloaded and retries ran out; lower the batch size or concurrency, or retry later.";
                default: return "";
            }
        }
    }
}
