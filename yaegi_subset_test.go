package hookstile_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// TestYaegiPitfalls rejects, in the interpreted packages (core, queue, traefikplugin,
// tests included), the constructs Yaegi v0.16.1 was seen to mis-run silently:
// a tagless switch case with several expressions, and an assignment to several
// struct fields whose right side mixes a call with other values. Both compile
// and pass compiled; only the Yaegi run would catch them, and only where a
// vector happens to exercise them.
func TestYaegiPitfalls(t *testing.T) {
	for _, dir := range []string{"core", "queue", "queue/queuetest", "traefikplugin"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		for _, f := range files {
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				switch s := n.(type) {
				case *ast.SwitchStmt:
					if s.Tag != nil {
						return true
					}
					for _, c := range s.Body.List {
						if cc := c.(*ast.CaseClause); len(cc.List) > 1 {
							t.Errorf("%s: tagless switch case with %d expressions (Yaegi mis-evaluates it): use one || expression", fset.Position(cc.Pos()), len(cc.List))
						}
					}
				case *ast.AssignStmt:
					if len(s.Lhs) < 2 || len(s.Rhs) != len(s.Lhs) {
						return true
					}
					fields, calls := 0, 0
					for _, l := range s.Lhs {
						if _, ok := l.(*ast.SelectorExpr); ok {
							fields++
						}
					}
					for _, r := range s.Rhs {
						if _, ok := r.(*ast.CallExpr); ok {
							calls++
						}
					}
					if fields > 1 && calls > 0 && calls < len(s.Rhs) {
						t.Errorf("%s: several fields assigned from values and a call in one statement (Yaegi drops the first): assign one per line", fset.Position(s.Pos()))
					}
				}
				return true
			})
		}
	}
}
