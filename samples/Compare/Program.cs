using ScottPlot;
Plot plot = new();
plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 1, 4, 9 }).LegendText = "test line";
plot.XLabel("elements"); plot.YLabel("time (ms)"); plot.Title("Vector add");
plot.ShowLegend();
plot.SavePng("/tmp/probe.png", 800, 500);
Console.WriteLine(SkiaSharp.SKFontManager.Default.FontFamilyCount);
