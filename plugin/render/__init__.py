"""QGIS glue for what the analyst sees: project layers and styles, the heatmap layer, layouts."""
