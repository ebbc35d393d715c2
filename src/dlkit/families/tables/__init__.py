"""Tables: reading and encoding tables with a target column, fitted table estimators, and the\ntable predictor."""
