package core

import (
	"net/url"
	"testing"
)

// The SNS certificate must come from SNS itself: sns.<region>.amazonaws.com.
// S3 (legacy and website endpoints) serves a bucket named "sns" under
// sns.s3-<...>.amazonaws.com with a valid *.amazonaws.com certificate, so
// "anything after sns." hands the signing key to that bucket's owner.
func TestSNSCertificateHostIsARegion(t *testing.T) {
	bad := []string{
		"https://sns.s3-us-west-2.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.s3-website-us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.s3-accelerate.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.s3-external-1.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.us-east-1.amazonaws.com.evil.example/x.pem",
		"https://sns.--1.amazonaws.com/x.pem",
	}
	for _, s := range bad {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if snsCertURLAllowed(u) {
			t.Errorf("%s allowed", s)
		}
	}
	good := []string{
		"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.ap-southeast-3.amazonaws.com/SimpleNotificationService-x.pem",
		"https://sns.cn-northwest-1.amazonaws.com.cn/SimpleNotificationService-x.pem",
		"https://sns.us-isob-east-1.amazonaws.com/SimpleNotificationService-x.pem",
	}
	for _, s := range good {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if !snsCertURLAllowed(u) {
			t.Errorf("%s refused", s)
		}
	}
}
