@{
    Synopsis    = 'Writes the Genie observability report: one self-contained HTML file to open offline, with its figures also as JSON.'
    Description = @'
Runs the queries of the module's sql folder over the last -Days whole days and writes one HTML file that needs nothing else: the charts are SVG drawn by the module, the style and a small sorting script are inline, and a Content-Security-Policy forbids every request, so it opens the same from a file share, an e-mail attachment or a laptop offline.

The page starts with the window and how current the data is (audit data end, last ingestion, newest question), then the headline figures against the previous window of the same length (questions, active users, active spaces, answer rate, satisfaction when answers were rated, fetch coverage), questions per day stacked by the top spaces, weekly active users, a sortable table of spaces with a small trend each, satisfaction per week and per space (least satisfied first) and each evaluated space's latest benchmark accuracy against its previous run (in words, "no ratings yet" or "no evaluation runs synced yet", when there is nothing to show), the outcome share per space, failure reasons and the spaces that fail most, a worklist of failed and negatively rated questions with their text, the top users, and the health of the data itself (coverage of the latest refresh, open fetch errors, idle spaces). It prints on A4/Letter with a page per section and follows the reader's light or dark mode. Every text that comes from users (questions, titles, emails) is HTML-encoded.

The figures behind every chart are in the element <script type="application/json" id="genie-report-data">, as the queries returned them, for a test or another tool. A warehouse without any question gives a page that says so. An existing file is replaced (as Export-Csv does) unless -NoClobber is given; the file is written whole or not at all.
'@
    Outputs     = 'GenieObservability.GenieObservabilityReport: the file''s path and size, the window, and the headline figures.'
    Parameters  = @{
        Path        = 'The HTML file to write. Its folder must exist.'
        Days        = 'The window: this many whole days ending today (UTC), 1 to 3650; 30 by default.'
        WorkspaceId = 'Only these workspaces; every workspace by default. An id the tables do not know is an error.'
        Title       = 'The page title; "Genie observability report" by default.'
        NoClobber   = 'Refuses to replace an existing file.'
    }
    Examples    = @(
        @{
            Code    = 'Export-GenieObservabilityReport -Path ./genie-report.html; Invoke-Item ./genie-report.html'
            Remarks = 'The last 30 days, opened in the default browser.'
        }
        @{
            Code    = 'Export-GenieObservabilityReport -Path \\share\genie\weekly.html -Days 7 -Title ''Genie, week 48'' | Format-List Questions, Users, AnswerRate'
            Remarks = 'A weekly report to a file share, and its headline figures.'
        }
        @{
            Code    = '$data = (Get-Content ./genie-report.html -Raw) -match ''id="genie-report-data">(.*?)</script>'' | ForEach-Object { $Matches[1] | ConvertFrom-Json }; $data.sections.spaces.rows'
            Remarks = 'Reads the figures back from the report''s JSON data block.'
        }
    )
    Links       = @('Get-GenieUsage', 'Get-GenieQuestion', 'Invoke-GenieObservabilityJob')
}
