using System;

namespace VectorReindex.Core
{
    /// <summary>The root cause of a wrapped exception (HttpClient nests the socket error several levels deep).</summary>
    internal static class ExceptionChain
    {
        public static Exception Innermost(this Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }
    }
}
