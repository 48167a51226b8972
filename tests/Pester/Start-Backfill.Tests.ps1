#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/BackfillTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Start-Backfill' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias bf -Count 500 }

    It 'copies every document with the source versions' {
        $m = New-ShadowIndex -Alias bf | Start-Backfill -Slices 2 -BatchSize 100
        $m.Backfill.Copied | Should -Be 500
        Get-TestCount -Uri $script:node.Uri -Index bf-v2 | Should -Be 500
    }

    It 'names documents it cannot embed in non-terminating errors' {
        $embedder = { param([string[]] $Texts) foreach ($t in $Texts) { if ($t -like '*7') { throw 'no' }; ,([float[]](1..8)) } }
        Start-Backfill -Source bf-v1 -Target bf-v2 -Embedder $embedder -TextField title -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs.Count | Should -BeGreaterThan 0
        $errs | ForEach-Object { $_.TargetObject | Should -Match 'doc-\d*7$' }
    }

    It 'stops when the pipeline is stopped, and a rerun finishes the copy' {
        New-TestVectorIndex -Uri $script:node.Uri -Alias bfstop -Count 2000
        New-ShadowIndex -Alias bfstop | Out-Null
        # A second runspace of this process runs the backfill slowly; Stop() is what Ctrl+C does.
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($Manifest, $Uri)
            Import-Module $Manifest
            Connect-VectorCluster -Uri $Uri | Out-Null
            Start-Backfill -Source bfstop-v1 -Target bfstop-v2 -BatchSize 50 -MaxDocsPerSecond 200
        }).AddArgument((Get-PackagedManifest)).AddArgument($script:node.Uri)
        try {
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((Get-TestCount -Uri $script:node.Uri -Index bfstop-v2) -eq 0 -and -not $handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 200
            }
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
        }
        $copiedBeforeStop = Get-TestCount -Uri $script:node.Uri -Index bfstop-v2
        $copiedBeforeStop | Should -BeGreaterThan 0
        $copiedBeforeStop | Should -BeLessThan 2000 -Because 'at 200 docs/s the backfill cannot have finished'

        $m = Get-VectorMigration -Alias bfstop -InFlight | Start-Backfill
        Get-TestCount -Uri $script:node.Uri -Index bfstop-v2 | Should -Be 2000
        $m.Backfill.Copied + $m.Backfill.SkippedNewer | Should -BeGreaterOrEqual (2000 - $copiedBeforeStop)
    }
}
