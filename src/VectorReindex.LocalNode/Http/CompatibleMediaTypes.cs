using VectorReindex.LocalNode.Compatibility;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Http;

/// <summary>
/// Elasticsearch's REST API compatibility rules for the Accept and Content-Type headers
/// (RestCompatibleVersionHelper): a node of major N accepts compatible-with N or N-1; with a body,
/// both headers name the same version, or neither names one. Answers the response's media type.
/// </summary>
internal static class CompatibleMediaTypes
{
    private const string VendorJson = "vnd.elasticsearch+json";

    /// <summary>Checks the headers and returns the media type JSON responses carry.</summary>
    public static string Negotiate(string? acceptHeader, string? contentTypeHeader, bool hasContent, VersionProfile profile)
    {
        var accept = ParseHeader(acceptHeader, "Accept");
        var contentType = ParseHeader(contentTypeHeader, "Content-Type");
        var acceptVersion = ParseVersion(accept, "Accept");
        var contentVersion = ParseVersion(contentType, "Content-Type");
        var current = profile.RestApiMajor;
        var minimum = profile.MinimumRestApiMajor;
        var effectiveAccept = acceptVersion ?? current;
        var effectiveContent = contentVersion ?? current;

        if (effectiveAccept > current || effectiveAccept < minimum)
            throw Invalid($"Accept version must be either version {current} or {minimum}, but found {effectiveAccept}. Accept={acceptHeader}");
        if (hasContent)
        {
            if (effectiveContent > current || effectiveContent < minimum)
                throw Invalid($"Content-Type version must be either version {current} or {minimum}, but found {effectiveContent}. Content-Type={contentTypeHeader}");
            if (effectiveContent != effectiveAccept)
                throw Invalid($"A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version and the compatible versions must match. Accept={acceptHeader}, Content-Type={contentTypeHeader}");
            if ((contentVersion == null) != (acceptVersion == null))
                throw Invalid($"A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version. Accept={acceptHeader}, Content-Type={contentTypeHeader}");
        }

        // The response speaks the media type the request asked for: Accept first, else the body's type.
        var asked = accept ?? (hasContent ? contentType : null);
        if (asked is { Type: "application", SubType: VendorJson or "vnd.elasticsearch+x-ndjson" } && asked.CompatibleWith is { } version)
            return $"application/{VendorJson};compatible-with={version}";
        return "application/json";
    }

    private static ParsedMediaType? ParseHeader(string? value, string name)
    {
        if (value == null)
            return null;
        if (value.Trim().Length == 0)
            throw HeaderError(Errors.IllegalArgument($"Header [{name}] cannot be empty."), name);
        try
        {
            return ParsedMediaType.Parse(value);
        }
        catch (FormatException ex)
        {
            throw HeaderError(Errors.IllegalArgument(ex.Message), name);
        }
    }

    private static int? ParseVersion(ParsedMediaType? mediaType, string name)
    {
        if (mediaType?.CompatibleWith is not { } text)
            return null;
        return sbyte.TryParse(text, out var version)
            ? version
            : throw HeaderError(Errors.IllegalArgument($"For input string: \"{text}\""), name);
    }

    private static ElasticsearchException Invalid(string reason)
        => new ElasticsearchException(400, "media_type_header_exception", "Invalid media-type value on headers [Content-Type, Accept]",
            new ElasticsearchException(400, "status_exception", reason)).AsRootCause();

    private static ElasticsearchException HeaderError(ElasticsearchException cause, string name)
        => new ElasticsearchException(400, "media_type_header_exception", $"Invalid media-type value on headers [{name}]", cause).AsRootCause();
}
