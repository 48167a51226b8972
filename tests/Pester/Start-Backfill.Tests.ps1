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

Describe 'Start-Backfill | Sync-Delta | Test-IndexParity to another cluster' {
    BeforeAll {
        # The old cluster (8.19, basic authentication) and the new one (the node's 9.x, an API key): each its own credentials.
        $script:oldNode = Start-LocalNode -EsVersion 8.19.0 -ClusterName old-cluster -User old-ops -Password old-secret
        $script:newKey = 'bmV3LWtleTpuZXctc2VjcmV0'
        $script:newNode = Start-LocalNode -ClusterName new-cluster -ApiKey $script:newKey
        $script:oldHeaders = @{ Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('old-ops:old-secret')) }
        $script:newHeaders = @{ Authorization = "ApiKey $script:newKey" }
        $password = ConvertTo-SecureString 'old-secret' -AsPlainText -Force
        $script:old = Connect-VectorCluster -Uri $script:oldNode.Uri -Credential ([pscredential]::new('old-ops', $password))
        $script:new = Connect-VectorCluster -Uri $script:newNode.Uri -ApiKey (ConvertTo-SecureString $script:newKey -AsPlainText -Force)
        New-TestVectorIndex -Uri $script:oldNode.Uri -Alias moving -Count 300 -Headers $script:oldHeaders
    }

    AfterAll {
        Stop-LocalNode $script:oldNode
        Stop-LocalNode $script:newNode
    }

    It 'copies the old cluster into the new one and verifies it, each stage finding both connections from the record' {
        $m = New-ShadowIndex -Alias moving -SourceCluster $script:old -TargetCluster $script:new -Confirm:$false |
            Start-Backfill -BatchSize 100 | Sync-Delta | Test-IndexParity
        $m.Parity.Passed | Should -BeTrue
        $m.Backfill.Copied | Should -Be 300
        $m.SourceCluster.Name | Should -Be 'old-cluster'
        $m.TargetCluster.Name | Should -Be 'new-cluster'
        Get-TestCount -Uri $script:newNode.Uri -Index moving-v2 -Headers $script:newHeaders | Should -Be 300
        { Invoke-RestMethod "$($script:oldNode.Uri)moving-v2" -Headers $script:oldHeaders } | Should -Throw

        # Writes the new cluster has not seen: the next delta catches them up.
        $update = '{"update":{"_index":"moving-v1","_id":"doc-7"}}' + "`n" + '{"doc":{"price":4242}}' + "`n" + '{"delete":{"_index":"moving-v1","_id":"doc-8"}}' + "`n"
        Invoke-RestMethod -Method Post -Uri "$($script:oldNode.Uri)_bulk?refresh=true" -Body $update -ContentType 'application/x-ndjson' -Headers $script:oldHeaders | Out-Null
        $m = $m | Sync-Delta | Test-IndexParity
        $m.Delta.Copied | Should -Be 1
        $m.Delta.Deleted | Should -Be 1
        $m.Parity.Passed | Should -BeTrue
        (Invoke-RestMethod "$($script:newNode.Uri)moving-v2/_doc/doc-7" -Headers $script:newHeaders)._source.price | Should -Be 4242
        $script:migration = $m
    }

    It 'fails with AuthenticationFailed naming the new cluster when its key stops working' {
        # The new cluster restarts on its port with a rotated key; the session's connection still has the old one.
        $port = ([uri] $script:newNode.Uri).Port
        Stop-LocalNode $script:newNode
        $script:newNode = Start-LocalNode -ClusterName new-cluster -ApiKey 'cm90YXRlZDprZXk=' -Port $port
        $err = { $script:migration | Sync-Delta -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'AuthenticationFailed,VectorReindex.PowerShell.Commands.SyncDeltaCommand'
        $err.Exception.Message | Should -BeLike '*cluster new-cluster at *HTTP 401*'
        $err.Exception.Message | Should -Not -BeLike '*old-cluster*'
    }
}
