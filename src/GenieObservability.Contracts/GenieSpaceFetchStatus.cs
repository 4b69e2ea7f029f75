namespace GenieObservability;

/// <summary>The api_fetch_status values of genie_space_details.</summary>
public static class GenieSpaceFetchStatus
{
    public const string Ok = "OK";
    public const string Failed = "FAILED";
    public const string Empty = "EMPTY";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
}
