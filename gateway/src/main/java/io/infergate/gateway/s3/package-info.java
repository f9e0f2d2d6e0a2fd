/**
 * Model repositories in S3 and S3-compatible stores ({@code --model-repository=s3://...}, in
 * Triton's forms): the location, the credentials from the AWS environment variables, and a
 * repository that copies each model to a private local folder before it loads, checking every
 * key, count and size the store answers.
 */
package io.infergate.gateway.s3;
