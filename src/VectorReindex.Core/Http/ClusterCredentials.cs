using System;
using System.Text;

namespace VectorReindex.Core.Http
{
    /// <summary>
    /// How requests authenticate. The secret is kept only to build the Authorization header;
    /// <see cref="ToString"/> and <see cref="Description"/> never show it.
    /// </summary>
    public sealed class ClusterCredentials
    {
        private readonly string _headerValue;

        private ClusterCredentials(string scheme, string description, string headerValue)
        {
            Scheme = scheme;
            Description = description;
            _headerValue = headerValue;
        }

        /// <summary>Basic, ApiKey or Bearer.</summary>
        public string Scheme { get; }

        /// <summary>What is safe to show: the scheme and, for basic, the user name.</summary>
        public string Description { get; }

        public static ClusterCredentials Basic(string userName, string password)
        {
            if (string.IsNullOrEmpty(userName)) throw new ArgumentException("A user name is required for basic authentication.", nameof(userName));
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + (password ?? "")));
            return new ClusterCredentials("Basic", "basic (user " + userName + ")", token);
        }

        /// <summary>An Elasticsearch API key: the encoded form, or "id:api_key" which is encoded here.</summary>
        public static ClusterCredentials ApiKey(string apiKey)
        {
            if (string.IsNullOrEmpty(apiKey)) throw new ArgumentException("The API key is empty.", nameof(apiKey));
            var encoded = apiKey.IndexOf(':') > 0 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(apiKey)) : apiKey;
            return new ClusterCredentials("ApiKey", "API key", encoded);
        }

        public static ClusterCredentials Bearer(string token)
        {
            if (string.IsNullOrEmpty(token)) throw new ArgumentException("The bearer token is empty.", nameof(token));
            return new ClusterCredentials("Bearer", "bearer token", token);
        }

        internal string HeaderParameter => _headerValue;

        public override string ToString() => Description;
    }
}
