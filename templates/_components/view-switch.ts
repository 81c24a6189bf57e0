/**
 * Remembers the reader's Mobile/Desktop choice across pages. Runs in <head>
 * so a remembered view applies before first paint; without script the radio
 * buttons still switch the view for the page at hand.
 */
export const VIEW_SWITCH_SCRIPT = `(function(){var k="newsmirror-view",d=document.documentElement;function set(v){if(v==="mobile"||v==="desktop")d.setAttribute("data-view",v)}try{set(localStorage.getItem(k))}catch(e){}document.addEventListener("change",function(e){var t=e.target;if(t&&t.name==="view"){set(t.value);try{localStorage.setItem(k,t.value)}catch(e){}}});document.addEventListener("DOMContentLoaded",function(){var r=document.getElementById("view-"+d.getAttribute("data-view"));if(r)r.checked=true})})();`;
