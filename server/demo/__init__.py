"""The demo data set: a day in progress in Hangzhou."""
