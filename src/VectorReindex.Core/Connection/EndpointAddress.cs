using System;

namespace VectorReindex.Core.Connection
{
    /// <summary>The checks every configured HTTP address passes: absolute http(s), and no credentials in it (they would be logged).</summary>
    public static class EndpointAddress
    {
        public static Uri Validate(Uri uri, string paramName)
        {
            if (uri == null) throw new ArgumentNullException(paramName);
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"'{uri}' is not an http:// or https:// address. Give the node address, for example https://localhost:9200.", paramName);
            if (!string.IsNullOrEmpty(uri.UserInfo))
                throw new ArgumentException($"The address '{uri.Scheme}://{uri.Host}:{uri.Port}' carries credentials in the URI. Pass them as credentials instead, so they are never logged.", paramName);
            return uri;
        }
    }
}
