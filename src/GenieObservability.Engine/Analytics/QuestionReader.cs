using System.Runtime.CompilerServices;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Analytics;

/// <summary>Get-GenieQuestion: the rows of the questions query, newest first, streamed.</summary>
public sealed class QuestionReader(AnalyticsSource source, TimeProvider? clock = null)
{
    private const int MaxPage = 200_000;
    private static readonly DateTime Beginning = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Rows of the first page; later pages are ten times larger, up to 200,000.</summary>
    internal int FirstPageSize { get; init; } = 200;

    public async IAsyncEnumerable<GenieQuestion> ReadAsync(QuestionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.First is < 1)
        {
            throw new GenieObservabilityException("-First must be at least 1.", "InvalidFirst", GenieErrorCategory.InvalidArgument);
        }

        var window = new AnalyticsWindow((clock ?? TimeProvider.System).GetUtcNow(), 1, query.WorkspaceIds, query.SpaceIds);
        await source.PrepareAsync(window, cancellationToken).ConfigureAwait(false);
        var parameters = window.Parameters();
        parameters["user_filter"] = query.User?.Trim() ?? string.Empty;
        parameters["status_filter"] = string.Join(',', query.Statuses.Select(s => s.Trim().ToUpperInvariant()).Where(s => s.Length > 0));
        parameters["unanswered_only"] = query.UnansweredOnly ? 1 : 0;
        parameters["since"] = query.Since?.UtcDateTime ?? Beginning;
        parameters["search"] = query.Search ?? string.Empty;
        parameters["after_cursor"] = 0;
        parameters["cursor_asked_at"] = Beginning;
        parameters["cursor_workspace_id"] = string.Empty;
        parameters["cursor_message_id"] = string.Empty;

        // Newest first, in pages that grow tenfold: each page is a top-N the warehouse answers without sorting every
        // stored question, so the first rows come at once and no page holds the whole table.
        long remaining = query.First ?? long.MaxValue;
        var page = FirstPageSize;
        while (remaining > 0)
        {
            var limit = (int)Math.Min(remaining, page);
            parameters["row_limit"] = limit;
            var read = 0;
            SqlRow? last = null;
            await foreach (var row in source.QueryAsync("questions", parameters, cancellationToken).ConfigureAwait(false))
            {
                read++;
                last = row;
                yield return ToQuestion(row);
            }

            remaining -= read;
            if (read < limit || last is null)
            {
                yield break;
            }

            parameters["after_cursor"] = 1;
            parameters["cursor_asked_at"] = last.GetTimestamp("asked_at")?.UtcDateTime;
            parameters["cursor_workspace_id"] = last.GetString("workspace_id");
            parameters["cursor_message_id"] = last.GetString("message_id");
            page = Math.Min(page * 10, MaxPage);
        }
    }

    public static GenieQuestion ToQuestion(SqlRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new GenieQuestion
        {
            WorkspaceId = row.GetString("workspace_id") ?? string.Empty,
            WorkspaceName = row.GetString("workspace_name"),
            SpaceId = row.GetString("space_id") ?? string.Empty,
            SpaceTitle = row.GetString("space_title") ?? string.Empty,
            ConversationId = row.GetString("conversation_id") ?? string.Empty,
            MessageId = row.GetString("message_id") ?? string.Empty,
            User = row.GetString("user_name"),
            AskedAt = row.GetTimestamp("asked_at"),
            Status = row.GetString("status"),
            Outcome = row.GetString("outcome") ?? string.Empty,
            Question = row.GetString("question"),
            Sql = row.GetString("query_sql"),
            QueryDescription = row.GetString("query_description"),
            ErrorType = row.GetString("error_type"),
            Error = row.GetString("error"),
            FeedbackRating = row.GetString("feedback_rating"),
            AttachmentCount = row.GetInt32("attachment_count") ?? 0,
        };
    }
}
