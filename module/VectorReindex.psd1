@{
    RootModule           = 'VectorReindex.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6d1f0b8e-6a57-4f0e-9d3b-3c1a2a7f5e41'
    Author               = 'VectorReindex contributors'
    CompanyName          = 'VectorReindex'
    Copyright            = '(c) VectorReindex contributors. All rights reserved.'
    Description          = 'Zero-downtime changes to Elasticsearch vector indexes: shadow index, backfill, delta sync, parity check and atomic alias cutover, as one pipeline.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('VectorReindex.format.ps1xml')
    CmdletsToExport      = @(
        'Complete-VectorMigration'
        'Connect-VectorCluster'
        'Disconnect-VectorCluster'
        'Get-VectorCluster'
        'Get-VectorMigration'
        'Invoke-RollingReindex'
        'New-ShadowIndex'
        'New-VectorIndex'
        'Remove-ShadowIndex'
        'Remove-VectorDocument'
        'Set-IndexMetadata'
        'Start-Backfill'
        'Switch-IndexAlias'
        'Sync-Delta'
        'Test-IndexParity'
        'New-VectorEmbedder'
        'Test-VectorEmbedder'
        'Write-VectorDocument'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Elasticsearch', 'Vector', 'Reindex', 'Migration', 'kNN', 'ZeroDowntime')
        }
    }
}
