module github.com/hookstile/hookstile

go 1.26.0
