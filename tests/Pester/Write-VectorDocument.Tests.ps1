#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/DualWriteTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Write-VectorDocument' {
    BeforeAll { New-TestVectorIndex -Uri $script:node.Uri -Alias dw }

    It 'writes the migration target too, with the live version' {
        New-ShadowIndex -Alias dw | Out-Null
        $s = Write-VectorDocument -Index dw -Id new-1 -Vector ([float[]](1..8)) -Metadata @{ price = 3 }
        $s.Second | Should -Be 'dw-v2'
        (Invoke-RestMethod "$($script:node.Uri)dw-v2/_doc/new-1")._version | Should -Be (Invoke-RestMethod "$($script:node.Uri)dw-v1/_doc/new-1")._version
    }

    It 'binds Id, Vector and Metadata by property name from pipeline objects' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Id = "piped-$_"; Vector = [float[]](1..8 | ForEach-Object { $_ / 10 }); Metadata = @{ price = $_ } } }
        $rows | Write-VectorDocument -Index dw | Out-Null
        foreach ($n in 1..3) {
            (Invoke-RestMethod "$($script:node.Uri)dw-v1/_doc/piped-$n")._source.price | Should -Be $n
            (Invoke-RestMethod "$($script:node.Uri)dw-v2/_doc/piped-$n")._source.price | Should -Be $n
        }
    }
}
