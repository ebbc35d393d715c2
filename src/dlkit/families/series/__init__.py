"""Series: daily prices (the stock recipes) and weekly sales (sales-rnn): windows, LSTM/RNN nets,\ntheir predictors and forecast reports."""
