@{
    'GenieObservability.GenieUsage'                = @(
        'By'
        @{ Label = 'Key'; Script = 'if ($_.Key.Length -gt 40) { $_.Key.Substring(0, 37) + ''...'' } else { $_.Key }' }
        @{ Label = 'Questions'; Script = '$_.Questions'; Alignment = 'Right' }
        @{ Label = 'Conversations'; Script = '$_.Conversations'; Alignment = 'Right' }
        @{ Label = 'Users'; Script = '$_.Users'; Alignment = 'Right' }
        @{ Label = 'Answered'; Script = '$_.Answered'; Alignment = 'Right' }
        @{ Label = 'Failed'; Script = '$_.Failed'; Alignment = 'Right' }
        @{ Label = 'AnswerRate'; Script = 'if ($null -ne $_.AnswerRate) { $_.AnswerRate.ToString(''P0'') }'; Alignment = 'Right' }
        @{ Label = 'Satisfaction'; Script = 'if ($null -ne $_.Satisfaction) { $_.Satisfaction.ToString(''P0'') }'; Alignment = 'Right' }
        @{ Label = 'Accuracy'; Script = 'if ($null -ne $_.EvaluationAccuracy) { $_.EvaluationAccuracy.ToString(''P0'') }'; Alignment = 'Right' }
        @{ Label = 'QueryFail'; Script = 'if ($null -ne $_.QueryFailureShare) { $_.QueryFailureShare.ToString(''P0'') }'; Alignment = 'Right' }
    )
    'GenieObservability.GenieQueryMetric'          = @(
        @{ Label = 'Duration'; Script = 'if ($_.TotalDurationMs -lt 1000) { ''{0:N0} ms'' -f $_.TotalDurationMs } else { ''{0:N1} s'' -f ($_.TotalDurationMs / 1000) }'; Alignment = 'Right' }
        @{ Label = 'AskedAt'; Script = 'if ($_.AskedAt) { $_.AskedAt.UtcDateTime.ToString(''yyyy-MM-dd HH:mm'') }' }
        @{ Label = 'Space'; Script = 'if ($_.SpaceTitle.Length -gt 24) { $_.SpaceTitle.Substring(0, 21) + ''...'' } else { $_.SpaceTitle }' }
        'Status'
        @{ Label = 'Rows'; Script = '$_.RowsProduced'; Alignment = 'Right' }
        @{ Label = 'Question'; Script = 'if ($_.Question -and $_.Question.Length -gt 60) { $_.Question.Substring(0, 57) + ''...'' } else { $_.Question }' }
    )
    'GenieObservability.GenieQuestion'             = @(
        @{ Label = 'AskedAt'; Script = 'if ($_.AskedAt) { $_.AskedAt.UtcDateTime.ToString(''yyyy-MM-dd HH:mm'') }' }
        @{ Label = 'Space'; Script = 'if ($_.SpaceTitle.Length -gt 24) { $_.SpaceTitle.Substring(0, 21) + ''...'' } else { $_.SpaceTitle }' }
        'User'
        'Outcome'
        @{ Label = 'Question'; Script = 'if ($_.Question -and $_.Question.Length -gt 60) { $_.Question.Substring(0, 57) + ''...'' } else { $_.Question }' }
        'ErrorType'
    )
    'GenieObservability.GenieObservabilityReport'  = @(
        'Path'
        'Days'
        'Questions'
        'Users'
        'ActiveSpaces'
        @{ Label = 'AnswerRate'; Script = 'if ($null -ne $_.AnswerRate) { $_.AnswerRate.ToString(''P0'') }' }
        @{ Label = 'Coverage'; Script = 'if ($null -ne $_.FetchCoverage) { $_.FetchCoverage.ToString(''P0'') }' }
        @{ Label = 'LastIngestion'; Script = 'if ($_.LastIngestionAt) { $_.LastIngestionAt.UtcDateTime.ToString(''yyyy-MM-dd HH:mm'') }' }
    )
}
