#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# README's walkthrough as a newcomer runs it: every ```powershell block, in order, verbatim, in one
# pwsh session against an empty local node (its address in place of localhost:9200, and a second
# node's in place of localhost:9201, the new cluster of "Moving to a new cluster"), from the
# repository root. Any error fails the test. Blocks fenced otherwise (http, text) are not run.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:node = Start-LocalNode
    $script:newNode = Start-LocalNode
    $readme = Get-Content (Join-Path $script:root 'README.md') -Raw
    $script:blocks = @([regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
}

AfterAll {
    Stop-LocalNode $script:node
    Stop-LocalNode $script:newNode
}

Describe 'README walkthrough' {
    It 'has powershell blocks, and they name the endpoint the test replaces' {
        $script:blocks.Count | Should -BeGreaterThan 3
        ($script:blocks -join "`n") | Should -Match ([regex]::Escape('http://localhost:9200'))
    }

    It 'runs from an empty cluster with module cmdlets only, without an error' {
        (Invoke-RestMethod "$($script:node.Uri)_cat/indices?format=json") | Should -BeNullOrEmpty
        $script = ($script:blocks -join "`n") -replace [regex]::Escape('http://localhost:9200/'), $script:node.Uri -replace [regex]::Escape('http://localhost:9200'), $script:node.Uri.TrimEnd('/') -replace [regex]::Escape('http://localhost:9201'), $script:newNode.Uri.TrimEnd('/')
        $runner = [powershell]::Create()
        try {
            $null = $runner.AddScript("Set-Location '$script:root'; `$ErrorActionPreference = 'Stop'; `$ConfirmPreference = 'High'").AddStatement().AddScript($script)
            $output = $runner.Invoke()
            $errors = @($runner.Streams.Error)
        }
        catch { $errors = @($_) }
        finally { $runner.Dispose() }

        $errors | ForEach-Object { $_.ToString() } | Should -BeNullOrEmpty
        $output.Count | Should -BeGreaterThan 0
        # v1 -> v2 -> v3, then the rollback two generations back is refused, one generation back accepted.
        @($output | Where-Object { $_ -is [string] -and $_ -like 'RollbackTooFar,*' }).Count | Should -Be 1
        @($output | Where-Object { $_.PSObject.Properties['UpToDate'] -and $_.UpToDate }).Count | Should -Be 1
        $generations = @($output | Where-Object { $_ -is [VectorReindex.Core.Migrations.AliasGeneration] })
        @($generations.Index) | Should -Be @('products-v1', 'products-v2', 'products-v3', 'products-v2')
        @($generations.Entry | ForEach-Object { "$_" }) | Should -Be @('Created', 'CutOver', 'CutOver', 'RolledBack')
        (Invoke-RestMethod "$($script:node.Uri)products-v2/_doc/p2")._source.text | Should -BeExactly 'blue trail shoe'
        # Where the walkthrough leaves the cluster: rolled back to products-v2, products-v1 removed.
        $alias = Invoke-RestMethod "$($script:node.Uri)_alias/products"
        @($alias.PSObject.Properties.Name | Where-Object { $alias.$_.aliases.products.is_write_index }) | Should -Be @('products-v2')
        { Invoke-RestMethod "$($script:node.Uri)products-v1" } | Should -Throw
        (Invoke-RestMethod "$($script:node.Uri)products-v3/_doc/p1")._source.text | Should -BeExactly 'red running shoe'
        # Moving to a new cluster: the live products-v2 copied to the second node and verified, the alias
        # there, p3 written to both (the new first), then completed: the old index write-blocked and unmarked.
        @($output | Where-Object { $_ -is [VectorReindex.Core.Migrations.ParityResult] })[-1].Passed | Should -BeTrue
        $moved = @(Invoke-RestMethod "$($script:newNode.Uri)_cat/indices?format=json")
        $moved.Count | Should -Be 1
        [long] $moved[0].'docs.count' | Should -Be (Invoke-RestMethod -Method Post "$($script:node.Uri)products-v2/_count").count
        $newAlias = Invoke-RestMethod "$($script:newNode.Uri)_alias/products"
        $newAlias.($moved[0].index).aliases.products.is_write_index | Should -BeTrue
        $served = @($output | Where-Object { $_ -is [VectorReindex.Core.Connection.ClusterIdentity] })
        $served[-1].Uris | Should -Be @($script:newNode.Uri)
        (Invoke-RestMethod "$($script:newNode.Uri)$($moved[0].index)/_doc/p3")._source.text | Should -BeExactly 'green rain jacket'
        (Invoke-RestMethod "$($script:node.Uri)products-v2/_doc/p3")._source.text | Should -BeExactly 'green rain jacket'
        $old = Invoke-RestMethod "$($script:node.Uri)products-v2"
        $old.'products-v2'.mappings._meta.vectorreindex_target | Should -BeNullOrEmpty
        $old.'products-v2'.settings.index.blocks.write | Should -Be 'true'
    }
}
