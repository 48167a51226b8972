<#
.SYNOPSIS
    Runs one Pester file with the given Pester module and prints its counts; the exit code is the
    number of failed tests (plus failed blocks and containers), so 0 means the file passed.
#>
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $PesterManifest
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterManifest -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'

$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
# The line the xunit side reads back (and that CI's log shows per file).
"Pester $(Split-Path -Leaf $Path): $($result.PassedCount) passed, $failed failed, $($result.SkippedCount) skipped (Pester $((Get-Module Pester).Version), pwsh $($PSVersionTable.PSVersion))"
exit $failed
