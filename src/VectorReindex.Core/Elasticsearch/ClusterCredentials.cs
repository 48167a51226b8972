using System;
using Elastic.Transport;

namespace VectorReindex.Core.Elasticsearch
{
    /// <summary>
    /// How requests authenticate: the official transport's authorization header and a description
    /// that is safe to show. <see cref="ToString"/> and <see cref="Description"/> never show the secret.
    /// </summary>
    public sealed class ClusterCredentials
    {
        private ClusterCredentials(AuthorizationHeader header, string description)
        {
            Header = header;
            Description = description;
        }

        /// <summary>Basic, ApiKey or Bearer.</summary>
        public string Scheme => Header.AuthScheme;

        /// <summary>What is safe to show: the scheme and, for basic, the user name.</summary>
        public string Description { get; }

        internal AuthorizationHeader Header { get; }

        public static ClusterCredentials Basic(string userName, string password)
        {
            if (string.IsNullOrEmpty(userName)) throw new ArgumentException("A user name is required for basic authentication.", nameof(userName));
            return new ClusterCredentials(new BasicAuthentication(userName, password ?? ""), "basic (user " + userName + ")");
        }

        /// <summary>An Elasticsearch API key: the encoded form, or "id:api_key" which is encoded here.</summary>
        public static ClusterCredentials ApiKey(string apiKey)
        {
            if (string.IsNullOrEmpty(apiKey)) throw new ArgumentException("The API key is empty.", nameof(apiKey));
            var colon = apiKey.IndexOf(':');
            AuthorizationHeader header = colon > 0
                ? new Base64ApiKey(apiKey.Substring(0, colon), apiKey.Substring(colon + 1))
                : new Elastic.Transport.ApiKey(apiKey);
            return new ClusterCredentials(header, "API key");
        }

        public static ClusterCredentials Bearer(string token)
        {
            if (string.IsNullOrEmpty(token)) throw new ArgumentException("The bearer token is empty.", nameof(token));
            return new ClusterCredentials(new BearerToken(token), "bearer token");
        }

        public override string ToString() => Description;

        /// <summary>An OAuth2 / Elasticsearch token-service access token (Elastic.Transport ships basic and API key headers only).</summary>
        private sealed class BearerToken : AuthorizationHeader
        {
            private readonly string _token;

            public BearerToken(string token) => _token = token;

            public override string AuthScheme => "Bearer";

            public override bool TryGetAuthorizationParameters(out string value)
            {
                value = _token;
                return true;
            }

            public override string ToString() => "Bearer";
        }
    }
}
